package org.esxforge.sample;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Constraint;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.Payload;
import org.esxforge.model.Provide;
import org.esxforge.model.Relation;
import org.esxforge.model.Relationships;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.sample.SampleModel.ConstraintSpec;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.ProvideSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.vib.ArHeader;
import org.esxforge.vib.DescriptorStyle;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibWriter;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link VibSpec} into a real {@code .vib}: synthesised payloads ({@link PayloadSynth}), a
 * descriptor with every real field plus the synthetic sizes, checksums and file list, written in
 * VMware's canonical one-line form, a {@code sig.pkcs7} from the {@link Signer} (empty for
 * community VIBs) and the ar container by {@link VibWriter}. 8.0 VIBs use the 8.0 conventions:
 * descriptor style {@code SPACED}, ar mode {@code 0o0}, {@code uncompressed-size}.
 *
 * <p>Thread-safe (stateless).
 */
final class SampleVibBuilder {
  /** Signs descriptor bytes for a level; returns an empty array for unsigned (community). */
  @FunctionalInterface
  interface Signer {
    byte[] sign(byte[] descriptorXml, AcceptanceLevel level) throws IOException;
  }

  private SampleVibBuilder() {}

  static BuiltVib build(VibSpec spec, BootImages boot, Instant mtime, boolean eight, Signer signer)
      throws IOException {
    return build(spec, boot, mtime, eight, signer, SampleSize.STANDARD);
  }

  static BuiltVib build(
      VibSpec spec, BootImages boot, Instant mtime, boolean eight, Signer signer, SampleSize size)
      throws IOException {
    return build(spec, boot, mtime, eight, signer, size, null);
  }

  /**
   * Builds the VIB; with {@code spool} non-null it is written to that file instead of memory, so
   * that only one VIB's payloads are in memory at a time.
   */
  static BuiltVib build(
      VibSpec spec,
      BootImages boot,
      Instant mtime,
      boolean eight,
      Signer signer,
      SampleSize size,
      @Nullable Path spool)
      throws IOException {
    List<SynthPayload> synth = new ArrayList<>();
    TreeSet<String> files = new TreeSet<>();
    for (PayloadSpec p : spec.payloads()) {
      SynthPayload s = PayloadSynth.make(spec, p, boot, mtime, eight, size);
      synth.add(s);
      files.addAll(s.files());
    }
    VibDescriptor d =
        descriptor(
            spec, synth.stream().map(SynthPayload::payload).toList(), new ArrayList<>(files));
    byte[] xml = DescriptorXml.write(d, eight ? DescriptorStyle.SPACED : DescriptorStyle.CLASSIC);
    byte[] sig = signer.sign(xml, d.acceptanceLevel());
    List<VibWriter.Entry> entries = new ArrayList<>();
    for (SynthPayload s : synth) {
      entries.add(new VibWriter.Entry(s.payload().name(), s.source()));
    }
    ArHeader.ModeFormat mode = eight ? ArHeader.ModeFormat.PYTHON3_OCTAL : ArHeader.ModeFormat.ZERO;
    if (spool != null) {
      VibWriter.Result r;
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
        r = VibWriter.write(out, xml, sig, entries, mode);
      }
      return BuiltVib.spooled(d, spool, r.size(), r.sha256());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    VibWriter.Result r = VibWriter.write(out, xml, sig, entries, mode);
    return BuiltVib.inMemory(d, out.toByteArray(), r.sha256());
  }

  static VibDescriptor descriptor(VibSpec s, List<Payload> payloads, List<String> fileList) {
    try {
      List<VibDescriptor.Url> urls =
          s.urls().stream().map(u -> new VibDescriptor.Url(u.key(), u.url())).toList();
      List<SoftwarePlatform> platforms =
          s.softwarePlatforms().stream()
              .map(p -> new SoftwarePlatform(p.version(), p.locale(), p.productLineId()))
              .toList();
      List<Provide> provides = new ArrayList<>();
      for (ProvideSpec p : s.provides()) {
        provides.add(
            new Provide(p.name(), p.version() == null ? null : SoftwareVersion.parse(p.version())));
      }
      Relationships rel =
          new Relationships(
              constraints(s.depends()),
              constraints(s.conflicts()),
              constraints(s.replaces()),
              provides,
              constraints(s.compatibleWith()));
      return new VibDescriptor(
          "5.0",
          s.type(),
          s.name(),
          SoftwareVersion.parse(s.version()),
          s.vendor(),
          s.summary(),
          s.description(),
          s.releaseDate(),
          urls,
          rel,
          s.tags(),
          "",
          s.maintenanceMode(),
          "",
          "",
          platforms,
          List.of(),
          fileList,
          AcceptanceLevel.parse(s.acceptanceLevel()),
          s.liveInstallAllowed(),
          s.liveRemoveAllowed(),
          s.cimomRestart(),
          s.statelessReady(),
          s.overlay(),
          payloads);
    } catch (InvalidModelException e) {
      throw new IllegalStateException("sample VIB " + s.id() + ": " + e.getMessage(), e);
    }
  }

  private static List<Constraint> constraints(List<ConstraintSpec> specs)
      throws InvalidModelException {
    List<Constraint> out = new ArrayList<>();
    for (ConstraintSpec c : specs) {
      out.add(
          c.relation() == null || c.version() == null // the two go together
              ? Constraint.any(c.name())
              : new Constraint(
                  c.name(), Relation.parse(c.relation()), SoftwareVersion.parse(c.version())));
    }
    return out;
  }
}
