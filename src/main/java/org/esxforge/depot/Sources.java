package org.esxforge.depot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.esxforge.io.FormatException;
import org.esxforge.io.Sha256;
import org.esxforge.vib.VerifiedPayloads;
import org.jspecify.annotations.Nullable;

/** The {@link VibSource} implementations. Each is immutable and thread-safe. */
final class Sources {
  private Sources() {}

  /**
   * Copies a source to {@code tempDir/<name>} atomically (a partial copy never has the name). Not
   * synced to disk: the copy is a working file of one run, in that run's temp folder, and a build
   * of 20,000 VIBs would otherwise wait for 20,000 {@code fsync}s (most of its time on a busy
   * disk).
   */
  static Path copy(VibSource s, Path tempDir, String name) throws IOException {
    Files.createDirectories(tempDir);
    Path target = tempDir.resolve(name);
    Path part = Files.createTempFile(tempDir, ".", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(part)) {
        transfer(s, out);
      }
      Files.move(part, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
    return target;
  }

  private static void transfer(VibSource s, OutputStream out) throws IOException {
    try (InputStream in = s.open()) {
      in.transferTo(out);
    }
  }

  private static String fileName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String n = p.substring(p.lastIndexOf('/') + 1);
    return n.isEmpty() ? "vib.vib" : n;
  }

  /** A region of a local file: a loose VIB or a VIB in a directory depot. */
  record FileRegion(Path file, long offset, long length, long expected, String describe)
      implements VibSource {
    @Override
    public InputStream open() throws IOException {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
      try {
        ch.position(offset);
        return new CheckedLengthInputStream(
            Channels.newInputStream(ch), expected, length, describe);
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    }

    @Override
    public Optional<LocalRegion> localRegion() {
      return Optional.of(new LocalRegion(file, offset, length));
    }

    @Override
    public Path materialize(Path tempDir) throws IOException {
      if (offset == 0 && Files.size(file) == length) {
        return file;
      }
      return copy(this, tempDir, fileName(describe));
    }
  }

  /**
   * A VIB that esxforge rebuilt into a file of its own (an installer ISO's), with the results of
   * the payload checks made as its payloads were written ({@link VerifiedPayloads}).
   */
  record Rebuilt(FileRegion file, VerifiedPayloads verified) implements VibSource {
    @Override
    public InputStream open() throws IOException {
      return file.open();
    }

    @Override
    public Optional<LocalRegion> localRegion() {
      return file.localRegion();
    }

    @Override
    public Path materialize(Path tempDir) throws IOException {
      return file.materialize(tempDir);
    }

    @Override
    public String describe() {
      return file.describe();
    }

    @Override
    public Optional<VerifiedPayloads> verifiedPayloads() {
      return Optional.of(verified);
    }
  }

  /** An entry of a zip (local or in memory). */
  record ZipEntrySource(SafeZip zip, SafeZip.Entry entry, long expected) implements VibSource {
    @Override
    public InputStream open() throws IOException {
      return new CheckedLengthInputStream(zip.open(entry), expected, describe());
    }

    @Override
    public Optional<LocalRegion> localRegion() {
      return Optional.ofNullable(zip.region(entry));
    }

    @Override
    public Path materialize(Path tempDir) throws IOException {
      return copy(this, tempDir, fileName(entry.getName()));
    }

    @Override
    public String describe() {
      return zip.source() + "!" + entry.getName();
    }
  }

  /** A VIB behind an http(s) URL. */
  record Remote(DepotFetcher fetcher, URI uri, long expected, @Nullable Sha256 sha256)
      implements VibSource {
    Remote(DepotFetcher fetcher, URI uri, long expected) {
      this(fetcher, uri, expected, null);
    }

    /** This source with the digest the metadata declares (lets a cache serve it by digest). */
    Remote withSha256(Sha256 sha) {
      return new Remote(fetcher, uri, expected, sha);
    }

    @Override
    public InputStream open() throws IOException {
      return new CheckedLengthInputStream(
          fetcher.open(uri, expected, sha256), expected, describe());
    }

    @Override
    public Optional<LocalRegion> localRegion() {
      return Optional.empty();
    }

    @Override
    public Path materialize(Path tempDir) throws IOException {
      return copy(this, tempDir, fileName(uri.getPath()));
    }

    @Override
    public String describe() {
      return Locations.redact(uri);
    }
  }

  /** A VIB the metadata lists but the depot lacks. */
  record Missing(String describe) implements VibSource {
    @Override
    public InputStream open() throws IOException {
      throw new FormatException(describe, "VIB listed in the depot metadata is missing");
    }

    @Override
    public Optional<LocalRegion> localRegion() {
      return Optional.empty();
    }

    @Override
    public Path materialize(Path tempDir) throws IOException {
      throw new FormatException(describe, "VIB listed in the depot metadata is missing");
    }
  }
}
