package org.esxforge.iso;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A tiny standalone entry point: writes a directory tree as a level-1 ISO.
 *
 * <pre>
 * java -cp esxforge.jar org.esxforge.iso.MkIso [--writer builtin|xorriso|genisoimage|mkisofs]
 *     [--volume-id ID] [--bios-boot /ISOLINUX.BIN] [--efi-boot /EFIBOOT.IMG] TREE OUT.iso
 * </pre>
 *
 * Names are upper-cased and must fit ISO 9660 level 1 (8.3, {@code A-Z 0-9 _}, depth 8); others are
 * refused with a message naming the file. With a boot option the catalog is {@code /BOOT.CAT};
 * {@code --bios-boot} is a no-emulation entry with load size 4 and a boot-info-table, {@code
 * --efi-boot} a platform-0xEF entry. All dates are {@code SOURCE_DATE_EPOCH} if set, else the newest
 * modification time in the tree (so the output depends only on the input).
 *
 * <p>The logic is in {@link #imageFromTree} and {@link #run}, for reuse by the CLI. Stateless.
 */
public final class MkIso {
  private MkIso() {}

  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs with {@code args}; returns the exit status (0 ok, 1 failure, 2 usage). */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    String writer = "builtin";
    String volumeId = "CDROM";
    String bios = null;
    String efi = null;
    List<String> positional = new ArrayList<>();
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "--writer" -> writer = value(args, ++i, a);
          case "--volume-id" -> volumeId = value(args, ++i, a);
          case "--bios-boot" -> bios = value(args, ++i, a);
          case "--efi-boot" -> efi = value(args, ++i, a);
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            positional.add(a);
          }
        }
      }
      if (positional.size() != 2) {
        throw new IllegalArgumentException("expected TREE and OUT.iso");
      }
    } catch (IllegalArgumentException e) {
      err.println("mkiso: " + e.getMessage());
      err.println(
          "usage: MkIso [--writer builtin|xorriso|genisoimage|mkisofs] [--volume-id ID]"
              + " [--bios-boot /ISOLINUX.BIN] [--efi-boot /EFIBOOT.IMG] TREE OUT.iso");
      return 2;
    }
    try {
      IsoWriter w =
          writer.equals("builtin")
              ? IsoWriters.builtin()
              : IsoWriters.external(ExternalIsoTool.parse(writer));
      Path tree = Path.of(positional.get(0));
      IsoImage image =
          imageFromTree(
              tree,
              volumeId,
              bios == null ? null : IsoPath.parse(bios),
              efi == null ? null : IsoPath.parse(efi),
              timestamp(tree));
      Path target = Path.of(positional.get(1));
      IsoResult r = w.write(image, target);
      out.println("wrote " + target + " (" + r.byteCount() + " bytes, sha256 " + r.sha256() + ")");
      return 0;
    } catch (IOException | InvalidIsoPathException | IllegalArgumentException e) {
      err.println("mkiso: " + e.getMessage());
      return 1;
    }
  }

  private static String value(List<String> args, int i, String opt) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args.get(i);
  }

  /**
   * Maps {@code tree} to an image: every regular file and directory, names upper-cased; refuses a
   * name that does not fit level 1, two names that differ only in case, and anything that is not a
   * regular file or directory.
   */
  public static IsoImage imageFromTree(
      Path tree, String volumeId, IsoPath biosBoot, IsoPath efiBoot, Instant timestamp)
      throws IOException {
    if (!Files.isDirectory(tree)) {
      throw new IOException(tree + ": not a directory");
    }
    IsoImage.Builder b = IsoImage.builder().volumeId(volumeId).timestamp(timestamp);
    Map<IsoPath, Path> seen = new HashMap<>();
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path f : s.sorted().toList()) {
        if (f.equals(tree)) {
          continue;
        }
        String rel = tree.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
        IsoPath p;
        try {
          p = IsoPath.parse("/" + rel);
        } catch (InvalidIsoPathException e) {
          throw new IOException(f + ": does not fit ISO 9660 level 1: " + e.getMessage(), e);
        }
        Path other = seen.put(p, f);
        if (other != null) {
          throw new IOException(f + ": same ISO name '" + p + "' as " + other);
        }
        if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          if (!p.isValidDirectory()) {
            throw new IOException(f + ": directory '" + p + "' breaks level 1 (dot or depth > 8)");
          }
          b.addDirectory(p);
        } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          b.addFile(p, IsoSource.file(f));
        } else {
          throw new IOException(f + ": not a regular file or directory");
        }
      }
    }
    if (biosBoot != null || efiBoot != null) {
      b.bootCatalog(bootCat());
    }
    if (biosBoot != null) {
      b.addBootEntry(BootEntry.bios(biosBoot, 4, true));
    }
    if (efiBoot != null) {
      b.addBootEntry(BootEntry.uefi(efiBoot));
    }
    return b.build();
  }

  private static IsoPath bootCat() {
    return new IsoPath("/BOOT.CAT");
  }

  /** {@code SOURCE_DATE_EPOCH}, else the newest modification time under {@code tree}. */
  static Instant timestamp(Path tree) throws IOException {
    String sde = System.getenv("SOURCE_DATE_EPOCH");
    if (sde != null && !sde.isBlank()) {
      return Instant.ofEpochSecond(Long.parseLong(sde.trim()));
    }
    Instant newest = Instant.EPOCH;
    try (Stream<Path> s = Files.walk(tree)) {
      for (Path f : s.toList()) {
        Instant t = Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant();
        newest = t.isAfter(newest) ? t : newest;
      }
    }
    return Instant.ofEpochSecond(newest.getEpochSecond());
  }
}
