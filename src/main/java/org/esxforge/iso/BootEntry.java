package org.esxforge.iso;

import java.util.Objects;

/**
 * One El Torito boot entry: a no-emulation boot image that is an ordinary file of the tree.
 *
 * <p>{@code loadSectors} is the catalog's "sector count" in 512-byte virtual sectors. For BIOS it
 * is what the firmware loads (4 for isolinux). For UEFI, {@link #AUTO} (the default) means: the
 * image size / 512 rounded up when that fits 16 bits (what xorriso and genisoimage {@code -e}
 * write, e.g. 2880 for a 1.44 MB image), and 0 for larger images; edk2 reads a count below 2 as "up
 * to the end of the medium" and the UEFI spec says the field is ignored for no-emulation images.
 *
 * <p>Immutable and thread-safe.
 */
public record BootEntry(Platform platform, IsoPath image, int loadSectors, boolean bootInfoTable) {
  /** Load size computed from the image size (see the class comment). */
  public static final int AUTO = -1;

  /** The El Torito platform id. */
  public enum Platform {
    /** 0x00: 80x86 BIOS. */
    BIOS(0x00),
    /** 0xEF: EFI. */
    UEFI(0xEF);

    private final int id;

    Platform(int id) {
      this.id = id;
    }

    /** The platform id byte. */
    public int id() {
      return id;
    }
  }

  public BootEntry {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(image, "image");
    if (loadSectors != AUTO && (loadSectors < 0 || loadSectors > 0xFFFF)) {
      throw new IllegalArgumentException("load sector count " + loadSectors + " not in 0..65535");
    }
    if (image.isRoot()) {
      throw new IllegalArgumentException("boot image must be a file, not '/'");
    }
  }

  /** A BIOS entry, e.g. {@code bios(ISOLINUX.BIN, 4, true)}. */
  public static BootEntry bios(IsoPath image, int loadSectors, boolean bootInfoTable) {
    if (loadSectors == AUTO) {
      throw new IllegalArgumentException("a BIOS entry needs an explicit load sector count");
    }
    return new BootEntry(Platform.BIOS, image, loadSectors, bootInfoTable);
  }

  /** A UEFI entry (platform 0xEF) with the load size computed from the image size. */
  public static BootEntry uefi(IsoPath image) {
    return new BootEntry(Platform.UEFI, image, AUTO, false);
  }

  /** A UEFI entry with an explicit load sector count. */
  public static BootEntry uefi(IsoPath image, int loadSectors) {
    return new BootEntry(Platform.UEFI, image, loadSectors, false);
  }

  /** The sector count written to the catalog for an image of {@code imageSize} bytes. */
  public int effectiveLoadSectors(long imageSize) {
    if (loadSectors != AUTO) {
      return loadSectors;
    }
    long n = (imageSize + 511) / 512;
    return n <= 0xFFFF ? (int) n : 0;
  }
}
