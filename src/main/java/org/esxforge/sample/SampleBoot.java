package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.esxforge.event.EventHandlers;

/**
 * Builds the {@link BootImages} of the sample depot: the project's multiboot test kernel, the GRUB
 * stand-ins ({@link GrubImages}) and the COM32 {@code mboot.c32} ({@link MbootC32}). When a tool is
 * missing (grub-mkimage or the GRUB platform files, gcc for the kernel) it falls back to
 * placeholders and emits a loud WARN: the depot is still complete and verifiable, but ISOs built
 * from it will not boot.
 *
 * <p>Thread-safe (stateless).
 */
final class SampleBoot {
  /** Builds the multiboot test kernel ELF in a work directory. */
  @FunctionalInterface
  interface KernelBuilder {
    /** The ELF bytes, or empty with nothing built when the toolchain is missing. */
    Optional<byte[]> build(Path work) throws IOException;
  }

  private SampleBoot() {}

  static BootImages images(Path work, KernelBuilder kernel, EventHandlers events) {
    Optional<String> grub = GrubImages.unavailable();
    String problem;
    if (grub.isPresent()) {
      problem = grub.get();
    } else {
      try {
        Optional<byte[]> elf = kernel.build(work.resolve("kernel"));
        if (elf.isEmpty()) {
          problem = "the multiboot test kernel could not be built (gcc/ld missing)";
        } else {
          Path g = work.resolve("grub");
          return new BootImages(
              elf.get(),
              GrubImages.isolinuxBin(g),
              GrubImages.efibootImg(g),
              GrubImages.bootx64Efi(g),
              MbootC32.build(work.resolve("mboot-c32")),
              "");
        }
      } catch (IOException e) {
        problem = "building the boot chain failed: " + e.getMessage();
      }
    }
    events.warn(
        "sample depot: boot payloads are PLACEHOLDERS because "
            + problem
            + ". The depot is complete, but ISOs built from it will NOT boot. Install grub-common,"
            + " grub-pc-bin, grub-efi-amd64-bin and gcc, then generate it again.");
    return BootImages.placeholders(problem);
  }
}
