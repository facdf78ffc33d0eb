package org.esxforge.sample;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SampleDepot#write} produced.
 *
 * <p>Immutable and thread-safe.
 *
 * @param folder the online-style depot folder (also the directory given): {@code index.xml}, {@code
 *     vendor-index.xml}, {@code metadata.zip}, {@code vib20/…}
 * @param offlineZip the offline depot zip inside {@code folder}
 * @param caPem the sample CA certificate ({@code --trust} it to check signatures)
 * @param profiles every image profile name, sorted
 * @param vibCount distinct VIBs in the depot
 * @param bootable false when the boot payloads are placeholders (ISOs will not boot)
 * @param bootProblem why not bootable, "" when bootable
 */
public record SampleDepotResult(
    Path folder,
    Path offlineZip,
    Path caPem,
    SampleVersion version,
    List<String> profiles,
    int vibCount,
    boolean bootable,
    String bootProblem) {
  public SampleDepotResult {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(offlineZip, "offlineZip");
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(version, "version");
    profiles = List.copyOf(profiles);
    bootProblem = bootProblem == null ? "" : bootProblem;
  }
}
