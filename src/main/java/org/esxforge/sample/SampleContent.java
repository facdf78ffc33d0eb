package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.esxforge.bundle.DepotContent;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.depot.xml.Timestamps;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.ProgressEvent;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.sample.SampleModel.BulletinSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.vib.Signatures;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the sample depot's {@link DepotContent} for a version: every patch level's VIBs (built
 * once per id, signed by the {@link SampleCa} unless community), components, the {@code -standard}
 * and {@code -no-tools} profiles of each level and each level's base image.
 *
 * <p>Thread-safe (stateless).
 */
final class SampleContent {
  static final String TOOLS = "tools-light";

  private SampleContent() {}

  static DepotContent of(SampleVersion version, BootImages boot, EventHandlers events)
      throws IOException {
    return of(version, SampleSize.STANDARD, boot, events);
  }

  static DepotContent of(
      SampleVersion version, SampleSize size, BootImages boot, EventHandlers events)
      throws IOException {
    return of(version, size, boot, events, null);
  }

  /**
   * The sample depot's content; with {@code spool} non-null each VIB is written to a file in that
   * (existing, private) directory as soon as it is made and the content reads it from there, so
   * memory holds one VIB at a time, not the whole depot (the full-size one is about 600 MB).
   */
  static DepotContent of(
      SampleVersion version,
      SampleSize size,
      BootImages boot,
      EventHandlers events,
      @Nullable Path spool)
      throws IOException {
    boolean eight = version == SampleVersion.V8_0;
    List<SampleRelease> releases = SampleReleases.of(version);
    SampleCa ca = SampleCa.get();
    Map<String, BuiltVib> vibs = new TreeMap<>();
    Map<String, Bulletin> bulletins = new TreeMap<>();
    List<ImageProfile> profiles = new ArrayList<>();
    List<ReleaseUnit> units = new ArrayList<>();
    int total = releases.stream().mapToInt(r -> r.vibs().size()).sum();
    int done = 0;
    String note =
        boot.bootable()
            ? ""
            : " WARNING: esxforge generated this depot with"
                + " placeholder boot payloads ("
                + boot.problem()
                + "); ISOs built from it will NOT"
                + " boot.";
    for (SampleRelease r : releases) {
      for (VibSpec spec : r.vibs()) {
        if (!vibs.containsKey(spec.id())) {
          Instant signingTime = OffsetDateTime.parse(spec.releaseDate()).toInstant();
          vibs.put(
              spec.id(),
              SampleVibBuilder.build(
                  spec,
                  boot,
                  r.date(),
                  eight,
                  (xml, level) ->
                      ca.signs(level)
                          ? Signatures.sign(
                              xml, ca.key(level), ca.certificate(level), List.of(), signingTime)
                          : new byte[0],
                  size,
                  spool == null ? null : spool.resolve(vibs.size() + ".vib")));
        }
        events.dispatch(new ProgressEvent("sample VIBs", ++done, total, "VIBs"));
      }
      for (BulletinSpec b : r.bulletins()) {
        bulletins.putIfAbsent(b.id(), bulletin(b));
      }
      profiles.add(profile(r, "-standard", "standard image", note, false));
      profiles.add(profile(r, "-no-tools", "image without VMware Tools", note, true));
      units.add(baseImage(r, note));
    }
    List<DepotContent.Vib> entries = new ArrayList<>();
    for (BuiltVib v : vibs.values()) {
      entries.add(new DepotContent.Vib(v.descriptor(), v.source(), v.size(), v.sha256()));
    }
    SampleRelease last = releases.get(releases.size() - 1);
    return new DepotContent(
        DepotIndex.Vendor.offline("VMware", "VMX"),
        List.of(eight ? "8.0" : "7.0.0"),
        new ArrayList<>(bulletins.values()),
        profiles,
        units,
        entries,
        last.date());
  }

  private static ImageProfile profile(
      SampleRelease r, String suffix, String what, String note, boolean noTools) {
    List<VibId> ids = new ArrayList<>();
    for (VibSpec v : r.vibs()) {
      if (!(noTools && v.name().equals(TOOLS))) {
        ids.add(VibId.of(v.vendor(), v.type(), v.name(), v.version()));
      }
    }
    String name = r.profilePrefix() + suffix;
    return ImageProfile.builder(name, AcceptanceLevel.PARTNER)
        .creator("VMware, Inc.")
        .profileId("esxforge-sample:" + name)
        .description(
            "(esxforge sample, not VMware software) ESXi "
                + r.versionUi()
                + " "
                + what
                + ": real VIB names, versions and relationships, synthetic payloads."
                + note)
        .creationTime(r.date())
        .modifiedTime(r.date())
        .readOnly(true)
        .baseImage(r.baseImageId())
        .vibIds(ids)
        .build();
  }

  private static ReleaseUnit baseImage(SampleRelease r, String note) {
    Map<String, String> components = new LinkedHashMap<>();
    for (BulletinSpec b : r.bulletins()) {
      components.put(b.componentName(), b.componentVersion());
    }
    return new ReleaseUnit(
        r.baseImageId(),
        ReleaseUnit.BASE_IMAGE,
        "1.0",
        "enhancement",
        "VMware, Inc.",
        "ESXi " + r.versionUi() + " (esxforge sample)",
        "esxforge sample base image modelled on ESXi " + r.versionUi() + "." + note,
        "",
        "certified",
        Timestamps.format(r.date()),
        "",
        "",
        r.build(),
        r.versionUi(),
        new TreeMap<>(components),
        List.of(),
        List.of());
  }

  static Bulletin bulletin(BulletinSpec b) {
    List<SoftwarePlatform> platforms =
        b.platforms().stream()
            .map(p -> new SoftwarePlatform(p.version(), p.locale(), p.productLineId()))
            .toList();
    List<VibId> ids = b.vibIds().stream().map(VibId::new).toList();
    return new Bulletin(
        b.id(),
        b.vendor(),
        b.summary(),
        b.severity(),
        b.category(),
        b.urgency(),
        b.releaseType(),
        b.description(),
        b.kbUrl(),
        b.contact(),
        b.releaseDate(),
        b.componentName(),
        b.componentNameUi(),
        b.componentVersion(),
        b.componentVersionUi(),
        platforms,
        ids);
  }
}
