package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.bundle.DepotContent;
import org.esxforge.bundle.DepotWriter;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.io.AtomicFiles;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.sample.SampleModel.ConstraintSpec;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.vib.Signatures;

/**
 * Generates the driver packages committed under {@code samples/} for the scenario "add vendor
 * drivers to the 7.0 base": made by esxforge itself (this class, {@link SampleVibBuilder} and
 * {@link DepotWriter}), deterministic, signed by the {@link SampleCa} unless community.
 *
 * <ul>
 *   <li>{@value #HP_BUNDLE}: HP-style partner VIBs: {@code char-hpilo} (depends on {@code
 *       vmkapi_2_6_0_0}, which the 7.0 base provides), {@code hpnmi} (depends on {@code
 *       vmkapi_2_9_0_0}, which the 7.0 base does NOT provide: validation must flag it) and the
 *       {@code hp-ams} management agent (depends on {@code esx-version >= 7.0.0});
 *   <li>{@value #EMULEX_BUNDLE}: Emulex-style certified VIBs: {@code be2net}, {@code be2iscsi}
 *       (which depends on {@code be2net}) and {@code lpfc820}, which {@code replaces} the in-box
 *       {@code lpfc};
 *   <li>{@value #LOOSE_VIB}: a loose community-level VIB (unsigned, tgz payload, like v-front's
 *       community drivers);
 *   <li>{@value #ADDON_DEPOT}: an HPE-style vendor add-on for ESXi 8.0 U3 ({@link SampleAddOn}).
 * </ul>
 *
 * <p>Thread-safe (stateless).
 */
public final class SamplePackages {
  public static final String HP_BUNDLE = "HP-drivers-7.0-offline-bundle.zip";
  public static final String EMULEX_BUNDLE = "Emulex-drivers-7.0-offline-bundle.zip";
  public static final String LOOSE_VIB = "net-r8168-sample-8.045a-1community.vib";
  public static final String ADDON_DEPOT = SampleAddOn.FILE;
  static final Instant TIME = Instant.parse("2021-04-01T12:00:00Z");
  private static final String DATE = "2021-04-01T12:00:00.000001+00:00";

  private SamplePackages() {}

  /** Writes the three sample packages into {@code dir}; returns their paths. */
  public static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<VibSpec> hp =
        List.of(
            driver(
                "Hewlett-Packard",
                "char-hpilo",
                "700.10.7.0.6-1OEM.700.0.0.15525992",
                "partner",
                "HPE iLO 4/5 channel interface driver",
                "vmkapi_2_6_0_0",
                List.of(),
                "PCIID 103c3307",
                "PCIID 103c3307103c3309"),
            driver(
                "Hewlett-Packard",
                "hpnmi",
                "700.10.3.0.7-1OEM.700.1.0.17325551",
                "partner",
                "HPE NMI sourcing driver (built for ESXi 7.0U3: needs vmkapi_2_9_0_0)",
                "vmkapi_2_9_0_0",
                List.of()),
            agent());
    List<VibSpec> emulex =
        List.of(
            driver(
                "EMU",
                "be2net",
                "12.0.1115.0-1OEM.700.1.0.15843807",
                "certified",
                "Emulex OneConnect 10/40 GbE NIC driver",
                "vmkapi_2_6_0_0",
                List.of(),
                "PCIID 19a20710",
                "PCIID 10df0720"),
            withDepends(
                driver(
                    "EMU",
                    "be2iscsi",
                    "12.0.1115.0-1OEM.700.1.0.15843807",
                    "certified",
                    "Emulex OneConnect iSCSI driver",
                    "vmkapi_2_6_0_0",
                    List.of(),
                    "PCIID 19a20712"),
                new ConstraintSpec("be2net", ">=", "12.0.1115.0")),
            driver(
                "EMU",
                "lpfc820",
                "8.2.4.157.65-1OEM.700.1.0.15843807",
                "certified",
                "Emulex LightPulse FC driver (legacy 8.2 line; replaces the in-box lpfc)",
                "vmkapi_2_6_0_0",
                List.of(new ConstraintSpec("lpfc", null, null)),
                "PCIID 10dfe200"));
    List<Path> out = new ArrayList<>();
    out.add(bundle(dir.resolve(HP_BUNDLE), "HPE", "HPE", hp));
    out.add(bundle(dir.resolve(EMULEX_BUNDLE), "Emulex", "EMU", emulex));
    out.add(SampleAddOn.write(dir.resolve(SampleAddOn.FILE)));
    BuiltVib loose = build(community());
    Path vib = dir.resolve(LOOSE_VIB);
    AtomicFiles.writeBytes(vib, loose.bytes());
    out.add(vib);
    for (Path p : out) {
      DepotWriter.readableByAll(p);
    }
    return out;
  }

  private static Path bundle(Path target, String vendor, String code, List<VibSpec> specs)
      throws IOException {
    List<DepotContent.Vib> vibs = new ArrayList<>();
    List<Bulletin> bulletins = new ArrayList<>();
    for (VibSpec s : specs) {
      BuiltVib v = build(s);
      vibs.add(new DepotContent.Vib(v.descriptor(), v.source(), v.size(), v.sha256()));
      String component = vendor + "-" + s.name();
      bulletins.add(
          new Bulletin(
              component + "_" + s.version(),
              vendor,
              s.summary(),
              "general",
              "enhancement",
              "important",
              "extension",
              s.description(),
              "",
              "esxforge samples",
              DATE,
              component,
              s.description(),
              s.version(),
              s.version().split("-", 2)[0],
              List.of(new SoftwarePlatform("7.0.0", "", "embeddedEsx")),
              List.of(VibId.of(s.vendor(), s.type(), s.name(), s.version()))));
    }
    DepotContent c =
        new DepotContent(
            DepotIndex.Vendor.offline(vendor, code),
            List.of("7.0.0"),
            bulletins,
            List.of(),
            List.of(),
            vibs,
            TIME);
    DepotWriter.writeZip(c, target);
    return target;
  }

  private static BuiltVib build(VibSpec s) throws IOException {
    return build(s, false, TIME);
  }

  /** A signed (unless community) sample VIB; {@code eight} = 8.0-style descriptor and ar. */
  static BuiltVib build(VibSpec s, boolean eight, Instant time) throws IOException {
    SampleCa ca = SampleCa.get();
    return SampleVibBuilder.build(
        s,
        BootImages.placeholders("driver samples have no boot" + " payloads"),
        time,
        eight,
        (xml, level) ->
            ca.signs(level)
                ? Signatures.sign(xml, ca.key(level), ca.certificate(level), List.of(), time)
                : new byte[0]);
  }

  private static VibSpec driver(
      String vendor,
      String name,
      String version,
      String level,
      String description,
      String vmkapi,
      List<ConstraintSpec> replaces,
      String... pciIds) {
    List<String> tags = new ArrayList<>(List.of(pciIds));
    tags.add("module");
    tags.add("driver");
    String payload = name.length() > 8 ? name.substring(0, 8) : name;
    return new VibSpec(
        vendor,
        "bootbank",
        name,
        version,
        "esxforge sample driver",
        description + " (esxforge sample, synthetic payload)",
        DATE,
        List.of(),
        List.of(new ConstraintSpec(vmkapi, null, null)),
        List.of(),
        replaces,
        List.of(),
        List.of(),
        tags,
        true,
        List.of(),
        level,
        false,
        false,
        false,
        true,
        false,
        List.of(
            new PayloadSpec(
                payload, "vgz", null, null, List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
        "samples");
  }

  private static VibSpec withDepends(VibSpec v, ConstraintSpec extra) {
    List<ConstraintSpec> deps = new ArrayList<>(v.depends());
    deps.add(extra);
    return v.change().depends(deps).build();
  }

  private static VibSpec agent() {
    return new VibSpec(
        "Hewlett-Packard",
        "bootbank",
        "hp-ams",
        "700.11.5.0.22-1OEM.700.0.0.15525992",
        "esxforge sample management agent",
        "HPE Agentless Management Service (esxforge sample, synthetic payload)",
        DATE,
        List.of(),
        List.of(new ConstraintSpec("esx-version", ">=", "7.0.0")),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(),
        "partner",
        true,
        true,
        false,
        true,
        false,
        List.of(
            new PayloadSpec(
                "hp-ams", "vgz", null, null, List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
        "samples");
  }

  private static VibSpec community() {
    return new VibSpec(
        "VFrontDe",
        "bootbank",
        "net-r8168-sample",
        "8.045a-1community",
        "esxforge sample community NIC driver",
        "Realtek 8168 NIC driver in the style of a community VIB (esxforge sample, synthetic"
            + " payload; unsigned, like every community VIB)",
        DATE,
        List.of(),
        List.of(new ConstraintSpec("vmkapi_2_4_0_0", null, null)),
        List.of(new ConstraintSpec("net-r8168", null, null)),
        List.of(new ConstraintSpec("net-r8168", null, null)),
        List.of(),
        List.of(),
        List.of("PCIID 10ec8168", "module", "driver"),
        true,
        List.of(),
        "community",
        false,
        false,
        false,
        true,
        false,
        List.of(new PayloadSpec("r8168", "tgz", null, null, List.of("sha-256", "sha-1/gunzip"))),
        "samples");
  }
}
