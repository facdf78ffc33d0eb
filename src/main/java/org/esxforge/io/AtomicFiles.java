package org.esxforge.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file so that readers see either the old file or the complete new one: the bytes go to a
 * temp file beside the target, which is forced to disk and then moved into place. On any error
 * (including a {@link RuntimeException} from the writer) the temp file is deleted and the target is
 * untouched.
 *
 * <p>The {@code unforced} methods skip forcing the bytes to disk, for files that are made again
 * from their inputs or live no longer than the process: an offline bundle (as the ISO writer's
 * ISO), a temporary copy. Forcing 350 MB took 0.3–0.7 s here, and {@code cat} or {@code cp} of the
 * same bytes does not do it; the move still shows readers the old file or the whole new one.
 *
 * <p>Thread-safe (stateless).
 */
public final class AtomicFiles {
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  private AtomicFiles() {}

  /** Something that writes to a channel and may fail. */
  @FunctionalInterface
  public interface ChannelWriter<T> {
    T write(FileChannel channel) throws IOException;
  }

  /** Something that writes to a channel, returns nothing and may fail. */
  @FunctionalInterface
  public interface ChannelAction {
    void write(FileChannel channel) throws IOException;
  }

  /** Something that writes to a stream and may fail. */
  @FunctionalInterface
  public interface StreamWriter {
    void write(OutputStream out) throws IOException;
  }

  private static void run(Path target, boolean shared, ChannelAction action) throws IOException {
    write(
        target,
        shared,
        true,
        ch -> {
          action.write(ch);
          return Boolean.TRUE; // a non-null result nobody reads
        });
  }

  /** Writes {@code target} through a {@link FileChannel}; returns what the writer returned. */
  public static <T> T write(Path target, ChannelWriter<T> writer) throws IOException {
    return write(target, false, true, writer);
  }

  /** {@link #write(Path, ChannelWriter)}, not forced to disk (see above). */
  public static <T> T writeUnforced(Path target, ChannelWriter<T> writer) throws IOException {
    return write(target, false, false, writer);
  }

  /**
   * Writes {@code bytes} to {@code target} as a file for people and pipelines (a lock, a manifest,
   * {@code SHA256SUMS}): {@code rw-r--r--} like the ISO, not the owner-only mode temp files start
   * with.
   */
  public static void writeSharedBytes(Path target, byte[] bytes) throws IOException {
    run(
        target,
        true,
        ch -> {
          OutputStream out = Channels.newOutputStream(ch);
          out.write(bytes);
          out.flush();
        });
  }

  /** {@code rw-r--r--}; no-op off POSIX. */
  public static void makeReadable(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
  }

  private static <T> T write(Path target, boolean shared, boolean force, ChannelWriter<T> writer)
      throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = Parents.of(abs);
    Files.createDirectories(dir);
    Path tmp;
    FileChannel channel;
    while (true) {
      // not Files.createTempFile, whose 0600 would make a shared output unreadable to others
      // (a web server serving a mirror): the new file gets the umask's mode, as with cp
      tmp = dir.resolve(tempName(Parents.nameOf(abs)));
      try {
        channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        break;
      } catch (FileAlreadyExistsException e) {
        // another writer drew the same name: draw again
      }
    }
    boolean done = false;
    try {
      T result;
      try (FileChannel ch = channel) {
        result = writer.write(ch);
        if (force) {
          ch.force(true);
        }
      }
      if (shared) {
        makeReadable(tmp);
      }
      move(tmp, abs);
      done = true;
      return result;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** {@code .<name>.<random>.tmp}: a temp name beside {@code name}, see {@link #isTempName}. */
  static String tempName(String name) {
    return "." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
  }

  /** True for the name of a temp file {@link #write} left behind when its process was killed. */
  public static boolean isTempName(String name) {
    return name.startsWith(".") && name.endsWith(".tmp") && name.length() > 6;
  }

  /** Writes {@code target} through a buffered {@link OutputStream}. */
  public static void writeStream(Path target, StreamWriter writer) throws IOException {
    run(target, false, ch -> stream(ch, writer));
  }

  /** {@link #writeStream}, not forced to disk (see above). */
  public static void writeStreamUnforced(Path target, StreamWriter writer) throws IOException {
    writeUnforced(
        target,
        ch -> {
          stream(ch, writer);
          return Boolean.TRUE; // a non-null result nobody reads
        });
  }

  private static void stream(FileChannel ch, StreamWriter writer) throws IOException {
    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
    writer.write(out);
    out.flush();
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    writeStream(target, out -> out.write(bytes));
  }

  /** Moves {@code source} onto {@code target}, atomically where the file system allows it. */
  public static void move(Path source, Path target) throws IOException {
    try {
      Files.move(
          source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
