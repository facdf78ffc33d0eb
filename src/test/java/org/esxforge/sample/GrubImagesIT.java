package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubImagesIT {
  @TempDir Path a;
  @TempDir Path b;

  @Test
  void build_twice_byteIdentical() throws Exception {
    ExternalTools.requireThat(
        GrubImages.unavailable().isEmpty(), "GRUB: " + GrubImages.unavailable().orElse(""));
    byte[] bios = GrubImages.isolinuxBin(a);
    assertArrayEquals(bios, GrubImages.isolinuxBin(b));
    assertArrayEquals(GrubImages.bootx64Efi(a), GrubImages.bootx64Efi(b));
    byte[] fat = GrubImages.efibootImg(a);
    assertArrayEquals(fat, GrubImages.efibootImg(b));
    assertEquals(1 << 20, fat.length);
    // the El Torito image starts with GRUB's cdboot.img, which reads the boot-info-table
    byte[] cdboot = java.nio.file.Files.readAllBytes(Path.of("/usr/lib/grub/i386-pc/cdboot.img"));
    assertArrayEquals(cdboot, java.util.Arrays.copyOf(bios, cdboot.length));
    assertTrue(bios.length > 2048 && bios.length < 512 * 1024, "size " + bios.length);
  }
}
