package org.esxforge.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.esxforge.sample.SampleModel.BulletinSpec;
import org.esxforge.sample.SampleModel.ConstraintSpec;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.PlatformSpec;
import org.esxforge.sample.SampleModel.ProvideSpec;
import org.esxforge.sample.SampleModel.VibSpec;

/**
 * The patch levels of the sample depot, all derived from the real 7.0 GA model:
 *
 * <ul>
 *   <li>7.0: {@code ESXi-7.0.0-15843807} (GA, exactly the model) and {@code ESXi-7.0b-16324942},
 *       where the {@code ESXi} and {@code esx-update} components move to build 16324942, {@code
 *       ne1000} and {@code vmkusb} are upgraded and one new driver, {@code ionic-en}, appears;
 *   <li>8.0: {@code ESXi-8.0U3-24022510}, the same VIB set re-versioned the 8.0 way ({@code
 *       8.0.3-0.0.24022510}, {@code …vmw.803.0.0.24022510}, {@code vmkapi_2_13_0_0}, {@code
 *       softwarePlatform 8.0}) plus the 8.0 {@code gc} VIB (overlay, loaded after {@code xorg.v00})
 *       and esx-base's {@code crypto64.efi}; and {@code ESXi-8.0U3b-24280767} upgraded the same way
 *       as 7.0b.
 * </ul>
 *
 * Everything not in the real data (patch versions, the new driver) is synthetic and named so.
 *
 * <p>Thread-safe (stateless).
 */
final class SampleReleases {
  private static final ObjectMapper JSON = SampleModel.mapper();

  private SampleReleases() {}

  static List<SampleRelease> of(SampleVersion v) {
    SampleModel ga = SampleModel.load(SampleModel.ESXI_70_GA);
    return switch (v) {
      case V7_0 -> {
        SampleRelease r1 =
            new SampleRelease(
                "ESXi-7.0.0-15843807",
                ga.release(),
                "7.0 GA - 15843807",
                Instant.parse("2020-03-16T10:48:52Z"),
                ga.vibs(),
                ga.bulletins());
        yield List.of(
            r1,
            patch(
                r1,
                "ESXi-7.0b-16324942",
                "7.0.0-1.25.16324942",
                "7.0b - 16324942",
                "2020-06-16",
                orderedMap(
                    "7.0.0-1.0.15843807", "7.0.0-1.25.16324942",
                    "7.0.0_1.0.15843807", "7.0.0_1.25.16324942",
                    "\"7.0.0-1.0\"", "\"7.0.0-1.25\"",
                    "\"7.0.0-1.1\"", "\"7.0.0-1.26\""),
                Map.of(
                    "ne1000",
                    "0.8.4-11vmw.700.1.25.16324942",
                    "vmkusb",
                    "0.1-2vmw.700.1.25.16324942"),
                "12.0.0.1-1vmw.700.1.25.16324942",
                "vmkapi_2_6_0_0"));
      }
      case V8_0 -> {
        SampleRelease r1 = eight(ga);
        yield List.of(
            r1,
            patch(
                r1,
                "ESXi-8.0U3b-24280767",
                "8.0.3-0.35.24280767",
                "8.0 Update 3b - 24280767",
                "2024-09-17",
                orderedMap(
                    "8.0.3-0.0.24022510", "8.0.3-0.35.24280767",
                    "8.0.3_0.0.24022510", "8.0.3_0.35.24280767",
                    "\"8.0.3-0.0\"", "\"8.0.3-0.35\"",
                    "\"8.0.3-0.1\"", "\"8.0.3-0.36\""),
                Map.of(
                    "ne1000",
                    "0.9.2-1vmw.803.0.35.24280767",
                    "vmkusb",
                    "0.1-24vmw.803.0.35.24280767"),
                "20.0.0-1vmw.803.0.35.24280767",
                "vmkapi_2_13_0_0"));
      }
    };
  }

  /** The 8.0U3-shaped image: the 7.0 GA model re-versioned, plus the 8.0-only pieces. */
  private static SampleRelease eight(SampleModel ga) {
    Map<String, String> r =
        orderedMap(
            "11.0.5.15389592-15843807", "12.4.0.23259341-24022510",
            "11.0.5.15389592", "12.4.0.23259341",
            "7.0.0-1.0.15843807", "8.0.3-0.0.24022510",
            "7.0.0_1.0.15843807", "8.0.3_0.0.24022510",
            ".700.1.0.15843807", ".803.0.0.24022510",
            "\"7.0.0-1.0\"", "\"8.0.3-0.0\"",
            "\"7.0.0-1.1\"", "\"8.0.3-0.1\"",
            "\"7.0.0\"", "\"8.0.3\"",
            "vmkapi_2_6_0_0", "vmkapi_2_13_0_0",
            "vmkapi_2_5_0_0", "vmkapi_2_12_0_0",
            "vmkapi_2_4_0_0", "vmkapi_2_11_0_0",
            "vmkapi_incompat_2_6_0_0", "vmkapi_incompat_2_13_0_0",
            "\"version\" : \"7.0\"", "\"version\" : \"8.0\"",
            "7.0.0 Build - 15843807", "8.0.3 Build - 24022510",
            "15843807", "24022510",
            "2020-03-16T", "2024-06-25T");
    SampleModel m = rewrite(ga, r, SampleModel.class);
    List<PlatformSpec> eightPlatform = List.of(new PlatformSpec("8.0", "", "embeddedEsx"));
    List<VibSpec> vibs = new ArrayList<>();
    for (VibSpec v : m.vibs()) {
      List<PayloadSpec> payloads = new ArrayList<>(v.payloads());
      if (v.name().equals("esx-base")) {
        int at =
            payloads.indexOf(
                v.payloads().stream()
                    .filter(p -> p.name().equals("BOOTx64.EFI"))
                    .findFirst()
                    .orElseThrow());
        payloads.add(
            at + 1,
            new PayloadSpec("crypto64.efi", "boot_loader_efi", null, null, List.of("sha-256")));
      }
      VibSpec eightVib = with(v, v.version(), v.releaseDate(), eightPlatform, payloads);
      vibs.add(v.name().equals("esx-base") ? withEightVmkapi(eightVib) : eightVib);
    }
    VibSpec xserver = Objects.requireNonNull(m.vib("esx-xserver"), "esx-xserver");
    VibSpec gc =
        new VibSpec(
            "VMware",
            "bootbank",
            "gc",
            xserver.version(),
            "ESXi gc (esxforge sample)",
            "Synthetic stand-in for the ESXi 8.0 gc VIB.",
            xserver.releaseDate(),
            List.of(),
            List.of(new ConstraintSpec("esx-version", "=", "8.0.3")),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of("RestrictStickyFiles"),
            false,
            eightPlatform,
            "certified",
            true,
            true,
            false,
            true,
            true,
            List.of(
                new PayloadSpec(
                    "gc", "vgz", null, null, List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
            "synthetic: the 8.0 gc VIB (gc.v00 follows xorg.v00 in 8.0 BOOT.CFG, §5.4)");
    vibs.add(gc);
    vibs.sort(Comparator.comparing(VibSpec::id));
    List<BulletinSpec> bulletins = new ArrayList<>();
    for (BulletinSpec b : m.bulletins()) {
      if (b.componentName().equals("ESXi")) {
        List<String> ids = new ArrayList<>(b.vibIds());
        ids.add(gc.id());
        b = withVibs(b, b.id(), b.componentVersion(), b.componentVersionUi(), b.releaseDate(), ids);
      }
      bulletins.add(b);
    }
    return new SampleRelease(
        "ESXi-8.0U3-24022510",
        "8.0.3-0.0.24022510",
        "8.0 Update 3 - 24022510",
        Instant.parse("2024-06-25T10:48:52Z"),
        vibs,
        bulletins);
  }

  /**
   * A later patch level: the ESXi and esx-update components re-versioned by {@code build}, the
   * named drivers upgraded, and one new driver with its own component.
   */
  private static SampleRelease patch(
      SampleRelease base,
      String prefix,
      String build,
      String versionUi,
      String day,
      Map<String, String> buildReplace,
      Map<String, String> drivers,
      String newDriverVersion,
      String vmkapi) {
    String date = day + "T10:00:00.000001+00:00";
    Map<String, String> renamed = new HashMap<>();
    List<String> core = new ArrayList<>();
    base.bulletins().stream()
        .filter(b -> b.componentName().equals("ESXi") || b.componentName().equals("esx-update"))
        .forEach(b -> core.addAll(b.vibIds()));
    List<VibSpec> vibs = new ArrayList<>();
    for (VibSpec v : base.vibs()) {
      VibSpec n = v;
      if (core.contains(v.id())) {
        n = rewrite(v, buildReplace, VibSpec.class);
        n = with(n, n.version(), date, n.softwarePlatforms(), n.payloads());
      } else if (drivers.containsKey(v.name())) {
        n = with(v, drivers.get(v.name()), date, v.softwarePlatforms(), v.payloads());
      }
      if (n.id().equals(v.id())) {
        vibs.add(v); // unchanged (e.g. esx-ui keeps its own version): the very same VIB
      } else {
        renamed.put(v.id(), n.id());
        vibs.add(n);
      }
    }
    VibSpec template =
        base.vibs().stream().filter(v -> v.name().equals("ne1000")).findFirst().orElseThrow();
    VibSpec ionic =
        new VibSpec(
            "VMW",
            "bootbank",
            "ionic-en",
            newDriverVersion,
            "VMware Esx VIB",
            "Synthetic sample driver for Pensando DSC NICs (esxforge)",
            date,
            List.of(),
            List.of(new ConstraintSpec(vmkapi, null, null)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of("PCIID 1dd81002", "PCIID 1dd81003", "module", "driver"),
            true,
            template.softwarePlatforms(),
            "certified",
            false,
            false,
            false,
            true,
            false,
            List.of(
                new PayloadSpec(
                    "ionic-en",
                    "vgz",
                    null,
                    null,
                    List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
            "synthetic: the one new VIB of this patch level");
    vibs.add(ionic);
    vibs.sort(Comparator.comparing(VibSpec::id));
    List<BulletinSpec> bulletins = new ArrayList<>();
    for (BulletinSpec b : base.bulletins()) {
      if (b.vibIds().stream().noneMatch(renamed::containsKey)) {
        bulletins.add(b);
        continue;
      }
      String compVersion = b.componentVersion();
      for (String old : b.vibIds()) {
        String oldVersion = old.substring(old.lastIndexOf('_') + 1);
        if (renamed.containsKey(old) && compVersion.equals(oldVersion)) {
          String neu = renamed.get(old);
          compVersion = neu.substring(neu.lastIndexOf('_') + 1);
        }
      }
      if (compVersion.equals(b.componentVersion())) {
        compVersion = rewrite(compVersion, buildReplace);
      }
      String ui = b.componentName().equals("ESXi") ? versionUi : compVersion;
      List<String> ids = b.vibIds().stream().map(id -> renamed.getOrDefault(id, id)).toList();
      bulletins.add(withVibs(b, b.componentName() + "_" + compVersion, compVersion, ui, date, ids));
    }
    BulletinSpec ne =
        base.bulletins().stream()
            .filter(b -> b.vibIds().contains(template.id()))
            .findFirst()
            .orElseThrow();
    bulletins.add(
        new BulletinSpec(
            "Pensando-ionic-en_" + newDriverVersion,
            "VMware",
            "ionic-en: sample Pensando DSC NIC driver",
            ne.severity(),
            ne.category(),
            ne.urgency(),
            ne.releaseType(),
            "Synthetic sample component (esxforge)",
            ne.kbUrl(),
            ne.contact(),
            date,
            "Pensando-ionic-en",
            "Pensando ionic-en sample driver",
            newDriverVersion,
            newDriverVersion,
            ne.platforms(),
            List.of(ionic.id()),
            "synthetic"));
    bulletins.sort(Comparator.comparing(BulletinSpec::id));
    return new SampleRelease(
        prefix, build, versionUi, Instant.parse(day + "T10:00:00Z"), vibs, bulletins);
  }

  /**
   * The 8.0U3 esx-base's vmkapi levels (docs/formats.md §8.6): {@code vmkapi_2_13_0_0} (U3) and its
   * {@code vmkapi_incompat_2_13_0_0} twin, plus {@code 2_12} (U2), {@code 2_11} (U1) and {@code
   * 2_10} (GA), so VMware's 8.0 GA–U2 drivers install on the U3 sample as on a real host. (The
   * re-versioned 7.0 drivers' {@code 2_5}/{@code 2_4} dependencies become {@code 2_12}/{@code
   * 2_11}: 8.0 U2 and U1 drivers in a U3 image.)
   */
  static VibSpec withEightVmkapi(VibSpec v) {
    List<ProvideSpec> provides = new ArrayList<>();
    for (ProvideSpec p : v.provides()) {
      if (p.name().equals("vmkapi_2_13_0_0")) {
        provides.add(p);
        for (String level : List.of("2_12", "2_11", "2_10")) {
          provides.add(new ProvideSpec("vmkapi_" + level + "_0_0", p.version()));
        }
      } else if (!p.name().matches("vmkapi_2_[0-9]+_0_0")) {
        provides.add(p);
      }
    }
    return new VibSpec(
        v.vendor(),
        v.type(),
        v.name(),
        v.version(),
        v.summary(),
        v.description(),
        v.releaseDate(),
        v.urls(),
        v.depends(),
        v.conflicts(),
        v.replaces(),
        provides,
        v.compatibleWith(),
        v.tags(),
        v.maintenanceMode(),
        v.softwarePlatforms(),
        v.acceptanceLevel(),
        v.liveInstallAllowed(),
        v.liveRemoveAllowed(),
        v.cimomRestart(),
        v.statelessReady(),
        v.overlay(),
        v.payloads(),
        v.origin());
  }

  static VibSpec with(
      VibSpec v,
      String version,
      String releaseDate,
      List<PlatformSpec> platforms,
      List<PayloadSpec> payloads) {
    return new VibSpec(
        v.vendor(),
        v.type(),
        v.name(),
        version,
        v.summary(),
        v.description(),
        releaseDate,
        v.urls(),
        v.depends(),
        v.conflicts(),
        v.replaces(),
        v.provides(),
        v.compatibleWith(),
        v.tags(),
        v.maintenanceMode(),
        platforms,
        v.acceptanceLevel(),
        v.liveInstallAllowed(),
        v.liveRemoveAllowed(),
        v.cimomRestart(),
        v.statelessReady(),
        v.overlay(),
        payloads,
        v.origin());
  }

  private static BulletinSpec withVibs(
      BulletinSpec b, String id, String version, String ui, String date, List<String> vibIds) {
    return new BulletinSpec(
        id,
        b.vendor(),
        b.summary(),
        b.severity(),
        b.category(),
        b.urgency(),
        b.releaseType(),
        b.description(),
        b.kbUrl(),
        b.contact(),
        date,
        b.componentName(),
        b.componentNameUi(),
        version,
        ui,
        b.platforms(),
        vibIds,
        b.origin());
  }

  private static <T> T rewrite(T value, Map<String, String> replace, Class<T> type) {
    try {
      return JSON.readValue(rewrite(JSON.writeValueAsString(value), replace), type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rewrite(String s, Map<String, String> replace) {
    for (Map.Entry<String, String> e : replace.entrySet()) {
      s = s.replace(e.getKey(), e.getValue());
    }
    return s;
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
