package org.esxforge.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link IsoVerifier#verify} found.
 *
 * <p>Immutable and thread-safe.
 *
 * @param problems one line each; empty when the ISO is sound
 * @param volumeId the primary volume id
 * @param files regular files on the ISO
 * @param kernel BOOT.CFG {@code kernel=}, "" when unreadable
 * @param modules BOOT.CFG {@code modules=} in order
 * @param bootEntries El Torito entries, e.g. {@code BIOS /ISOLINUX.BIN}, {@code UEFI /EFIBOOT.IMG}
 * @param profile the profile name in IMGDB.TGZ, "" when none
 */
public record IsoVerification(
    Path iso,
    List<String> problems,
    String volumeId,
    int files,
    String kernel,
    List<String> modules,
    List<String> bootEntries,
    String profile) {
  public IsoVerification {
    Objects.requireNonNull(iso, "iso");
    problems = List.copyOf(problems);
    modules = List.copyOf(modules);
    bootEntries = List.copyOf(bootEntries);
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** One line: {@code <iso>: ok (…)} or {@code <iso>: N problems}. */
  public String summary() {
    String what =
        "volume "
            + volumeId
            + ", profile "
            + (profile.isEmpty() ? "?" : profile)
            + ", "
            + files
            + " files, kernel "
            + kernel
            + " + "
            + modules.size()
            + " modules, El Torito "
            + String.join(" + ", bootEntries);
    return iso
        + ": "
        + (ok()
            ? "ok (" + what + ")"
            : problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " (" + what + ")");
  }
}
