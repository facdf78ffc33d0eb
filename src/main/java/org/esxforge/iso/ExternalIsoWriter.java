package org.esxforge.iso;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.HashingInputStream;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.esxforge.io.TempDirectories;
import org.esxforge.io.TempFiles;

/**
 * Writes an image with xorriso ({@code -as mkisofs --norock -iso-level 1}), genisoimage or mkisofs.
 * The tree is staged in a temp directory beside the target: whole files are hard-linked when
 * possible (xorriso only; genisoimage takes file dates from mtimes, so it gets copies whose mtime
 * is set), regions and generated sources are materialised, and boot images are always copied
 * (mkisofs patches the boot-info-table into its input file). The output goes to a temp file that is
 * moved into place; its SHA-256 is computed by reading it back.
 *
 * <p>Determinism: xorriso gets {@code --modification-date} and {@code --set_all_file_dates} from
 * the image timestamp and {@code SOURCE_DATE_EPOCH}, so its output is reproducible.
 * genisoimage/mkisofs 1.1.11 take file and directory dates from the staged mtimes (set to the
 * timestamp) but always stamp the volume descriptors with the current time: not reproducible. With
 * Rock Ridge on, files are staged with lower-case names so the tools' Rock Ridge names are lower
 * case (and their Joliet names then too).
 *
 * <p>Thread-safe (stateless).
 */
final class ExternalIsoWriter implements IsoWriter {
  private final ExternalIsoTool tool;
  private final EventHandlers events;

  ExternalIsoWriter(ExternalIsoTool tool, EventHandlers events) {
    this.tool = tool;
    this.events = events;
  }

  @Override
  public IsoResult write(IsoImage image, Path target) throws IOException {
    String version = ExternalTool.version(tool);
    events.debug("using " + version);
    Path abs = target.toAbsolutePath();
    Path dir = Parents.of(abs);
    Files.createDirectories(dir);
    Path work = TempFiles.createDirectory(dir, "." + abs.getFileName() + ".");
    try {
      Path tree = work.resolve("tree");
      stage(image, tree);
      Path out = work.resolve("out.iso");
      List<String> command = command(image, tree, out);
      events.debug("running " + String.join(" ", command));
      ExternalTool.run(tool, command, image.timestamp(), work);
      IsoResult result = digest(out);
      events.dispatch(
          new org.esxforge.event.ProgressEvent(
              "write " + TempFiles.shownName(abs),
              result.byteCount(),
              result.byteCount(),
              "bytes"));
      AtomicFiles.move(out, abs);
      return result;
    } finally {
      TempDirectories.deleteTree(work);
    }
  }

  private List<String> command(IsoImage image, Path tree, Path out) {
    List<String> c = new ArrayList<>();
    c.add(tool.command());
    if (tool == ExternalIsoTool.XORRISO) {
      String date =
          DateTimeFormatter.ofPattern("yyyyMMddHHmmss00")
              .format(image.timestamp().atZone(ZoneOffset.UTC));
      c.addAll(List.of("-as", "mkisofs", "--modification-date=" + date));
      c.addAll(List.of("--set_all_file_dates", date));
      if (!image.rockRidge()) {
        c.add("--norock");
      }
    } else {
      // -D: no deep-directory relocation; without it genisoimage drops files in the 8th level
      c.addAll(List.of("-quiet", "-D"));
    }
    c.addAll(List.of("-iso-level", "1", "-o", out.toString(), "-V", image.volumeId()));
    addIf(c, "-A", image.applicationId());
    addIf(c, "-sysid", image.systemId());
    addIf(c, "-publisher", image.publisherId());
    addIf(c, "-p", image.preparerId());
    if (image.joliet()) {
      c.add("-J");
    }
    if (image.rockRidge() && tool != ExternalIsoTool.XORRISO) {
      c.add("-R");
    }
    if (!image.bootEntries().isEmpty()) {
      c.addAll(
          List.of("-c", rel(image, Objects.requireNonNull(image.bootCatalog(), "boot catalog"))));
      boolean first = true;
      for (BootEntry e : image.bootEntries()) {
        if (!first) {
          c.add("-eltorito-alt-boot");
        }
        first = false;
        c.addAll(
            List.of(e.platform() == BootEntry.Platform.UEFI ? "-e" : "-b", rel(image, e.image())));
        c.add("-no-emul-boot");
        if (e.loadSectors() != BootEntry.AUTO) {
          c.addAll(List.of("-boot-load-size", Integer.toString(e.loadSectors())));
        }
        if (e.bootInfoTable()) {
          c.add("-boot-info-table");
        }
      }
    }
    c.add(tree.toString());
    return c;
  }

  private static void addIf(List<String> c, String opt, String value) {
    if (!value.isEmpty()) {
      c.add(opt);
      c.add(value);
    }
  }

  /** The staged (relative) name of {@code p}. */
  private static String rel(IsoImage image, IsoPath p) {
    String s = p.path().substring(1);
    return image.rockRidge() ? s.toLowerCase(Locale.ROOT) : s;
  }

  private void stage(IsoImage image, Path tree) throws IOException {
    Files.createDirectories(tree);
    FileTime time = FileTime.from(image.timestamp());
    List<IsoPath> boot = image.bootEntries().stream().map(BootEntry::image).toList();
    for (IsoPath d : image.directories()) {
      Files.createDirectories(tree.resolve(rel(image, d)));
    }
    for (var e : image.files().entrySet()) {
      Path dst = tree.resolve(rel(image, e.getKey()));
      Files.createDirectories(Parents.of(dst));
      IsoSource src = e.getValue();
      boolean link = tool == ExternalIsoTool.XORRISO && !boot.contains(e.getKey());
      if (!(link && src instanceof Sources.Region r && wholeFile(r) && tryLink(r.file(), dst))) {
        try (FileChannel ch =
            FileChannel.open(dst, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          src.writeTo(ch);
          if (ch.size() != src.size()) {
            throw new IOException(
                "'"
                    + e.getKey()
                    + "': source wrote "
                    + ch.size()
                    + " bytes but declared "
                    + src.size()
                    + " bytes");
          }
        }
        Files.setLastModifiedTime(dst, time);
      }
    }
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path d : s.filter(Files::isDirectory).toList()) {
        Files.setLastModifiedTime(d, time);
      }
    }
  }

  private static boolean wholeFile(Sources.Region r) throws IOException {
    return r.offset() == 0 && Files.size(r.file()) == r.length();
  }

  private static boolean tryLink(Path src, Path dst) {
    try {
      Files.createLink(dst, src);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false; // another file system, or no hard links: copy instead
    }
  }

  /** The external tool wrote the file, so it is read once here for its digest. */
  private static IsoResult digest(Path file) throws IOException {
    try (HashingInputStream in = HashingInputStream.of(Files.newInputStream(file))) {
      Sha256 sha = in.drain();
      return new IsoResult(in.count(), sha);
    }
  }

  /** Re-sets the interrupt flag and returns the I/O error to throw for an interrupted wait. */
  static InterruptedIOException interrupted(String what) {
    Thread.currentThread().interrupt();
    return new InterruptedIOException("interrupted while " + what);
  }
}
