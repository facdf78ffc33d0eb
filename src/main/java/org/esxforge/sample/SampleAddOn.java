package org.esxforge.sample;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.esxforge.bundle.DepotContent;
import org.esxforge.bundle.DepotWriter;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.VibId;
import org.esxforge.sample.SampleModel.ConstraintSpec;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.PlatformSpec;
import org.esxforge.sample.SampleModel.VibSpec;

/**
 * The HPE-style vendor add-on depot committed as {@code samples/}{@value #FILE}: what an engineer
 * "baking HP drivers" into 8.0U3 starts from today (an OEM add-on, not a cloned profile). Shaped
 * like a real HPE Custom Add-on depot: one add-on document (docs/formats.md §2.6) and its
 * components, each a component zip's bulletin with its VIB, all for ESXi 8.0.
 *
 * <ul>
 *   <li>add-on {@value #NAME} {@value #VERSION}, vendor {@code Hewlett Packard Enterprise}, partner
 *       level, {@code supportedBaseImageVersions ["8.0.3"]} (every 8.0 Update 3 base image, so the
 *       add-on made for 8.0U3 also applies to 8.0U3b: the OEM refresh);
 *   <li>{@code removedComponents ["HPE-nhpsa"]}: the in-box Smart Array driver the add-on drops;
 *   <li>OEM builds of two in-box components, same names, so they replace VMware's (the base image's
 *       versions become reserved components, like the real 7.0 HPE host's lpfc): {@code
 *       Broadcom-ELX-lpfc} (VIB {@code EMU lpfc}) and {@code Microchip-smartpqi};
 *   <li>two HPE components the base image lacks: {@code ilo-driver} (VIB {@code ilo}) and {@code
 *       amsdComponent} (VIB {@code amsd}, the management agent);
 *   <li>a manifest (hardware support package {@value #HSP} of manager {@value #HSM}, §2.6) for
 *       8.0.3 base images listing {@code ilo-driver} and {@code Microchip-smartpqi} at the add-on's
 *       versions, and a solution ({@value #SOLUTION}) whose component constraint lists {@code
 *       amsdComponent}'s version: the release units beside add-ons that real vendor depots carry,
 *       in the shape docs/model.md chose.
 * </ul>
 *
 * Drivers depend on {@code vmkapi_2_13_0_0} and {@code vmkapi_incompat_2_13_0_0}, as real 8.0U3
 * drivers do, and carry {@code softwarePlatform 8.0}; VIBs are 8.0-style and signed by the sample
 * CA. Payloads are synthetic; nothing here is HPE software.
 *
 * <p>Thread-safe (stateless).
 */
final class SampleAddOn {
  static final String FILE = "HPE-Custom-AddOn-8.0U3-depot.zip";
  static final String NAME = "HPE-Custom-AddOn";
  static final String VERSION = "803.0.0.11.7.0-14";
  static final String HSM = "com.hpe.hsm";
  static final String HSP = "HPE-SPP-Gen11";
  static final String HSP_VERSION = "2024.07.00.00";
  static final String SOLUTION = "HPE-Agentless-Management";
  static final Instant TIME = Instant.parse("2024-07-15T12:00:00Z");
  private static final String DATE = "2024-07-15T12:00:00.000001+00:00";
  private static final String BUILD = "1OEM.803.0.0.24022510";

  private SampleAddOn() {}

  /** One component of the add-on: its name, vendor and the VIB it holds. */
  private record Part(String component, String componentVendor, VibSpec vib) {}

  static Path write(Path target) throws IOException {
    List<Part> parts =
        List.of(
            new Part(
                "Broadcom-ELX-lpfc",
                "Broadcom",
                driver(
                    "EMU",
                    "lpfc",
                    "14.4.0.39-" + BUILD,
                    "Emulex LightPulse FC/FCoE driver, OEM build for HPE",
                    "PCIID 10df0f00")),
            new Part(
                "Microchip-smartpqi",
                "Microchip",
                driver(
                    "Microchip",
                    "smartpqi",
                    "80.4495.0.5000-" + BUILD,
                    "Microchip SmartPQI storage driver, OEM build for HPE",
                    "PCIID 9005028f")),
            new Part(
                "ilo-driver",
                "Hewlett Packard Enterprise",
                driver(
                    "HPE",
                    "ilo",
                    "803.10.8.2.6-" + BUILD,
                    "HPE iLO 5/6 channel interface driver",
                    "PCIID 103c3307")),
            new Part("amsdComponent", "Hewlett Packard Enterprise", agent()));
    List<DepotContent.Vib> vibs = new ArrayList<>();
    List<Bulletin> bulletins = new ArrayList<>();
    TreeMap<String, String> components = new TreeMap<>();
    for (Part p : parts) {
      VibSpec s = p.vib();
      BuiltVib v = SamplePackages.build(s, true, TIME);
      vibs.add(new DepotContent.Vib(v.descriptor(), v.source(), v.size(), v.sha256()));
      String version = s.version();
      bulletins.add(
          new Bulletin(
              p.component() + "_" + version,
              p.componentVendor(),
              s.summary(),
              "general",
              "enhancement",
              "important",
              "extension",
              s.description(),
              "",
              "esxforge samples",
              DATE,
              p.component(),
              s.summary(),
              version,
              version.split("-", 2)[0],
              List.of(new SoftwarePlatform("8.0", "", "embeddedEsx")),
              List.of(VibId.of(s.vendor(), s.type(), s.name(), s.version()))));
      components.put(p.component(), version);
    }
    ReleaseUnit addOn =
        new ReleaseUnit(
            NAME + ":" + VERSION,
            ReleaseUnit.ADD_ON,
            "1.0",
            "enhancement",
            "Hewlett Packard Enterprise",
            "HPE Customization for HPE Servers (esxforge sample)",
            "esxforge sample vendor add-on in the style of the HPE Custom Add-on for ESXi 8.0 U3:"
                + " OEM drivers and agents; synthetic payloads, not HPE software.",
            "",
            "partner",
            DATE,
            NAME,
            "HPE Customization for HPE Servers",
            VERSION,
            "803.0.0.11.7.0 Build 14",
            components,
            List.of("HPE-nhpsa"),
            List.of("8.0.3"));
    DepotContent c =
        new DepotContent(
            DepotIndex.Vendor.offline("Hewlett Packard Enterprise", "HPE"),
            List.of("8.0"),
            bulletins,
            List.of(),
            List.of(addOn, manifest(components), solution(components)),
            vibs,
            TIME);
    DepotWriter.writeZip(c, target);
    return target;
  }

  /** The hardware support package: JSON text as a vendor's tool would write it. */
  private static ReleaseUnit manifest(NavigableMap<String, String> components) throws IOException {
    String json =
        "{\"releaseID\":\""
            + HSM
            + "_"
            + HSP
            + ":"
            + HSP_VERSION
            + "\",\"releaseType\":\"manifest\",\"schemaVersion\":\"1.0\","
            + "\"category\":\"enhancement\",\"vendor\":\"Hewlett Packard Enterprise\","
            + "\"summary\":\"HPE Service Pack for ProLiant Gen11 (esxforge sample)\","
            + "\"description\":\"esxforge sample hardware support package: synthetic, not HPE"
            + " software.\",\"docURL\":\"\",\"acceptanceLevel\":\"partner\","
            + "\"releaseDate\":\""
            + DATE
            + "\",\"nameSpec\":{\"name\":\""
            + HSP
            + "\",\"uiString\":\"HPE Service Pack for ProLiant Gen11\"},"
            + "\"versionSpec\":{\"version\":\""
            + HSP_VERSION
            + "\",\"uiString\":\"2024.07\"},"
            + "\"hardwareSupportInfo\":{\"manager\":{\"name\":\""
            + HSM
            + "\"},\"package\":{\"name\":\""
            + HSP
            + "\",\"version\":\""
            + HSP_VERSION
            + "\"}},"
            + "\"supportedBaseImageVersions\":[\"8.0.3\"],"
            + "\"components\":{\"Microchip-smartpqi\":\""
            + components.get("Microchip-smartpqi")
            + "\",\"ilo-driver\":\""
            + components.get("ilo-driver")
            + "\"},\"removedComponents\":[]}";
    return org.esxforge.depot.xml.BaseImageJson.parse(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8), FILE, "manifests/");
  }

  /** The solution: its component constraint is a list of version objects. */
  private static ReleaseUnit solution(NavigableMap<String, String> components) throws IOException {
    String json =
        "{\"releaseID\":\""
            + SOLUTION
            + ":803.12.1.0-1\",\"releaseType\":\"solution\",\"schemaVersion\":\"1.0\","
            + "\"category\":\"enhancement\",\"vendor\":\"Hewlett Packard Enterprise\","
            + "\"summary\":\"HPE Agentless Management (esxforge sample)\","
            + "\"description\":\"esxforge sample solution: synthetic, not HPE software.\","
            + "\"docURL\":\"\",\"acceptanceLevel\":\"partner\",\"releaseDate\":\""
            + DATE
            + "\",\"nameSpec\":{\"name\":\""
            + SOLUTION
            + "\",\"uiString\":\"HPE Agentless Management\"},"
            + "\"versionSpec\":{\"version\":\"803.12.1.0-1\",\"uiString\":\"803.12.1.0\"},"
            + "\"components\":{\"amsdComponent\":[{\"version\":\""
            + components.get("amsdComponent")
            + "\"}]}}";
    return org.esxforge.depot.xml.BaseImageJson.parse(
        json.getBytes(java.nio.charset.StandardCharsets.UTF_8), FILE, "solutions/");
  }

  private static VibSpec driver(
      String vendor, String name, String version, String summary, String pciId) {
    String payload = name.length() > 8 ? name.substring(0, 8) : name;
    return new VibSpec(
        vendor,
        "bootbank",
        name,
        version,
        summary,
        summary + " (esxforge sample, synthetic payload)",
        DATE,
        List.of(),
        List.of(
            new ConstraintSpec("vmkapi_2_13_0_0", null, null),
            new ConstraintSpec("vmkapi_incompat_2_13_0_0", null, null)),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(pciId, "module", "driver"),
        true,
        List.of(new PlatformSpec("8.0", "", "embeddedEsx")),
        "partner",
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

  private static VibSpec agent() {
    return new VibSpec(
        "HPE",
        "bootbank",
        "amsd",
        "803.12.1.0.18-" + BUILD,
        "HPE Agentless Management Service",
        "HPE Agentless Management Service (esxforge sample, synthetic payload)",
        DATE,
        List.of(),
        List.of(new ConstraintSpec("esx-version", ">=", "8.0.0")),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        false,
        List.of(new PlatformSpec("8.0", "", "embeddedEsx")),
        "partner",
        true,
        true,
        false,
        true,
        false,
        List.of(
            new PayloadSpec(
                "amsd", "vgz", null, null, List.of("sha-256/gunzip", "sha-256", "sha-1/gunzip"))),
        "samples");
  }
}
