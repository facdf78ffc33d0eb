package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.esxforge.bundle.DepotContent;
import org.esxforge.bundle.DepotWriter;
import org.esxforge.event.EventHandlers;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.Parents;
import org.esxforge.io.TempDirectories;
import org.esxforge.model.ImageProfile;
import org.esxforge.testkernel.TestKernel;

/**
 * Writes esxforge's sample ESXi base depot: a stand-in for VMware's {@code
 * VMware-ESXi-*-depot.zip}, faithful in everything but payload bytes (see the README, "The sample
 * image"). The directory it writes is at the same time
 *
 * <ul>
 *   <li>an online-style depot folder ({@code index.xml}, {@code vendor-index.xml}, {@code
 *       metadata.zip}, {@code vib20/…}) that any web server can serve,
 *   <li>the home of the same depot as an offline zip ({@code esxforge-sample-<profile>-depot.zip}),
 *   <li>and of {@code sample-ca.pem}, the CA that signed the certified/accepted/partner VIBs.
 * </ul>
 *
 * Output is deterministic (same bytes every run, on any machine with the same GRUB and gcc) and
 * atomic: everything is built beside {@code dir} and moved into place at the end, replacing an
 * older sample; nothing partial is left on failure.
 *
 * <p>Thread-safe (stateless); concurrent writes to the same directory are not supported.
 */
public final class SampleDepot {
  /** The CA certificate's file name in the depot directory. */
  public static final String CA_PEM = "sample-ca.pem";

  private SampleDepot() {}

  /** Writes the sample depot of {@code version} to {@code dir}. */
  public static SampleDepotResult write(Path dir, SampleVersion version, EventHandlers events)
      throws IOException {
    return write(dir, version, SampleSize.STANDARD, events);
  }

  /** Writes the sample depot of {@code version} with payloads of {@code size} to {@code dir}. */
  public static SampleDepotResult write(
      Path dir, SampleVersion version, SampleSize size, EventHandlers events) throws IOException {
    return write(dir, version, size, events, SampleDepot::testKernel);
  }

  static SampleDepotResult write(
      Path dir, SampleVersion version, EventHandlers events, SampleBoot.KernelBuilder kernel)
      throws IOException {
    return write(dir, version, SampleSize.STANDARD, events, kernel);
  }

  static SampleDepotResult write(
      Path dir,
      SampleVersion version,
      SampleSize size,
      EventHandlers events,
      SampleBoot.KernelBuilder kernel)
      throws IOException {
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(version, "version");
    Path abs = dir.toAbsolutePath().normalize();
    requireReplaceable(abs);
    Files.createDirectories(Parents.of(abs));
    Path work = Files.createTempDirectory(Parents.of(abs), "." + Parents.nameOf(abs) + ".work.");
    try {
      events.lifecycle("sample depot: building the ESXi " + version + " boot chain");
      BootImages boot = SampleBoot.images(work.resolve("boot"), kernel, events);
      events.lifecycle(
          "sample depot: building VIBs" + (size == SampleSize.FULL ? " (full size)" : ""));
      Path spool = null;
      if (size == SampleSize.FULL) {
        spool = Files.createDirectory(work.resolve("vibs"));
      }
      DepotContent content = SampleContent.of(version, size, boot, events, spool);
      Path staged = work.resolve("depot");
      DepotWriter.writeFolder(content, staged);
      String latest =
          content.profiles().stream()
              .map(ImageProfile::name)
              .filter(n -> n.endsWith("-standard"))
              .reduce((a, b) -> b)
              .orElseThrow();
      String zipName =
          "esxforge-sample-" + latest.replace("-standard", "") + size.suffix() + "-depot.zip";
      DepotWriter.writeZip(content, staged.resolve(zipName));
      AtomicFiles.writeBytes(staged.resolve(CA_PEM), SampleCa.get().rootPem());
      DepotWriter.readableByAll(staged);
      replace(staged, abs);
      List<String> profiles = content.profiles().stream().map(ImageProfile::name).sorted().toList();
      events.lifecycle(
          "sample depot: wrote "
              + abs
              + " ("
              + content.vibs().size()
              + " VIBs, "
              + profiles.size()
              + " profiles"
              + (boot.bootable() ? "" : ", NOT bootable")
              + ")");
      return new SampleDepotResult(
          abs,
          abs.resolve(zipName),
          abs.resolve(CA_PEM),
          version,
          profiles,
          content.vibs().size(),
          boot.bootable(),
          boot.problem());
    } finally {
      TempDirectories.deleteTree(work);
    }
  }

  /** The project's multiboot test kernel, or empty when gcc/ld/strip are missing. */
  static java.util.Optional<byte[]> testKernel(Path work) throws IOException {
    for (String tool : List.of("gcc", "ld", "strip")) {
      if (Tools.find(tool).isEmpty()) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(Files.readAllBytes(TestKernel.build(work)));
  }

  /**
   * Refuses to replace anything but a missing or empty directory or an earlier sample depot (one
   * with {@code index.xml} and {@value #CA_PEM}): {@code sample-depot depots} must not wipe the
   * user's other depots.
   */
  static void requireReplaceable(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException(
          dir + ": exists and is not a directory; give a new directory for" + " the sample depot");
    }
    boolean empty;
    try (Stream<Path> s = Files.list(dir)) {
      empty = s.findAny().isEmpty();
    }
    if (!empty
        && !(Files.isRegularFile(dir.resolve(CA_PEM))
            && Files.isRegularFile(dir.resolve("index.xml")))) {
      throw new IOException(
          dir
              + ": exists and is not an esxforge sample depot; give a new or"
              + " empty directory (e.g. depots/sample-7.0)");
    }
  }

  private static void replace(Path staged, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(Parents.of(target), "." + Parents.nameOf(target) + ".old.");
      Files.delete(old);
      Files.move(target, old);
    }
    AtomicFiles.move(staged, target);
    if (old != null) {
      TempDirectories.deleteTree(old);
    }
  }
}
