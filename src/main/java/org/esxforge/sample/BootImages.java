package org.esxforge.sample;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The boot binaries that go into the sample's {@code esx-base} boot payloads: the multiboot test
 * kernel (payload {@code b}, stored gzip'd like VMware's), the GRUB El Torito image standing in for
 * {@code isolinux.bin}, the 1 MiB FAT image {@code efiboot.img}, the GRUB UEFI loader standing in
 * for {@code BOOTx64.EFI} (mboot.efi) and the SYSLINUX COM32 module {@code mboot.c32} ({@link
 * MbootC32}). When the tools to build them are missing, every field holds a clearly labelled
 * placeholder and {@link #bootable()} is false.
 *
 * <p>Immutable and thread-safe (arrays are copied in and out).
 */
public final class BootImages {
  private final byte[] kernelElf;
  private final byte[] isolinuxBin;
  private final byte[] efibootImg;
  private final byte[] bootx64Efi;
  private final byte[] mbootC32;
  private final String problem;

  /**
   * @param problem why the images are placeholders, or "" when they are the bootable chain
   */
  public BootImages(
      byte[] kernelElf,
      byte[] isolinuxBin,
      byte[] efibootImg,
      byte[] bootx64Efi,
      byte[] mbootC32,
      String problem) {
    this.kernelElf = kernelElf.clone();
    this.isolinuxBin = isolinuxBin.clone();
    this.efibootImg = efibootImg.clone();
    this.bootx64Efi = bootx64Efi.clone();
    this.mbootC32 = mbootC32.clone();
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** Placeholders with the given reason; an ISO built from them will not boot. */
  public static BootImages placeholders(String problem) {
    return new BootImages(
        placeholder("b (multiboot test kernel)", 2048),
        placeholder("isolinux.bin", 2048),
        Fat12Image.empty("EFIBOOT"),
        placeholder("BOOTx64.EFI", 2048),
        placeholder("mboot.c32", 2048),
        problem);
  }

  /** True when the images are the real GRUB/test-kernel chain that boots in qemu. */
  public boolean bootable() {
    return problem.isEmpty();
  }

  /** Why the images are placeholders, or "". */
  public String problem() {
    return problem;
  }

  /** The multiboot kernel ELF (uncompressed). */
  public byte[] kernelElf() {
    return kernelElf.clone();
  }

  public byte[] isolinuxBin() {
    return isolinuxBin.clone();
  }

  /** Exactly 1 MiB. */
  public byte[] efibootImg() {
    return efibootImg.clone();
  }

  public byte[] bootx64Efi() {
    return bootx64Efi.clone();
  }

  /** The SYSLINUX 6 COM32 module pxelinux runs as {@code mboot.c32 -c boot.cfg}. */
  public byte[] mbootC32() {
    return mbootC32.clone();
  }

  @Override
  public String toString() {
    return "BootImages[kernel="
        + kernelElf.length
        + " B, isolinux.bin="
        + isolinuxBin.length
        + " B, efiboot.img="
        + efibootImg.length
        + " B, BOOTx64.EFI="
        + bootx64Efi.length
        + " B, mboot.c32="
        + mbootC32.length
        + " B"
        + (bootable() ? "" : ", placeholders: " + problem)
        + "]";
  }

  static byte[] placeholder(String what, int size) {
    byte[] text =
        ("esxforge sample placeholder for "
                + what
                + ": not executable, an ISO built with it will not boot\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] out = new Drbg("placeholder/" + what).nextBytes(Math.max(size, text.length));
    System.arraycopy(text, 0, out, 0, text.length);
    return out;
  }
}
