package org.esxforge.iso;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A directory tree as a level-1 ISO image (the library side of {@code esxforge mkiso}).
 *
 * <p>Names are upper-cased and must fit ISO 9660 level 1 (8.3, {@code A-Z 0-9 _}, depth 8); others
 * are refused with a message naming the file. With a boot entry the catalog is {@code /BOOT.CAT}; a
 * BIOS entry is no-emulation with load size 4 and a boot-info-table, an EFI entry a platform-0xEF
 * entry.
 *
 * <p>Stateless and thread-safe.
 */
public final class IsoTrees {
  private IsoTrees() {}

  /**
   * Maps {@code tree} to an image: every regular file and directory, names upper-cased; refuses a
   * name that does not fit level 1, two names that differ only in case, and anything that is not a
   * regular file or directory.
   */
  public static IsoImage fromTree(
      Path tree,
      String volumeId,
      @Nullable IsoPath biosBoot,
      @Nullable IsoPath efiBoot,
      Instant timestamp)
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

  /**
   * The newest modification time under {@code tree}, to whole seconds: the output then depends only
   * on the input.
   */
  public static Instant newestTime(Path tree) throws IOException {
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
