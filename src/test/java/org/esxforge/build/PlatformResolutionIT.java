package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.VibDescriptor;
import org.esxforge.profile.PlatformCompatibility;
import org.esxforge.profile.TestVibs;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real USB NIC Fling family (6.7 offline bundle 2.1-6vmw.670, 8.0U3 component 1.14, 9.0
 * component 1.15: the 6.7 build has the highest version) resolved against 6.7, 7.0, 8.0 and 9.0
 * bases with {@link PlatformCompatibility}: the sample depots for 7.0 and 8.0, the real 6.7 host's
 * esx-base for 6.7, a minimal hand-made esx-base for 9.0 (no sample of it exists).
 */
class PlatformResolutionIT {
  static final String FLING67 = "ESXi670-VMKUSB-NIC-FLING-39203948-offline_bundle-16780994.zip";
  static final String FLING80 = "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";
  static final String FLING90 = "ESXi90-VMKUSB-NIC-FLING-84947163_24739691-component.zip";
  static final String V67 = "2.1-6vmw.670.2.48.39203948";
  static final String V80 = "1.14-1vmw.803.0.0.75399077";
  static final String V90 = "1.15-1vmw.900.0.84947163";

  @TempDir Path tmp;

  private static List<String> flings() {
    return List.of(
        Fixtures.real(FLING67).toString(),
        Fixtures.real(FLING80).toString(),
        Fixtures.real(FLING90).toString());
  }

  private static Catalog open(List<String> locations) throws Exception {
    return Depots.open(locations, DepotOptions.defaults(), EventHandlers.none());
  }

  /** The chosen version for the newest base of {@code sample} plus the three flings. */
  private static PlatformCompatibility.Choice onSample(SampleVersion v) throws Exception {
    List<String> locations = new ArrayList<>(List.of(Samples.depot(v).folder().toString()));
    locations.addAll(flings());
    try (Catalog cat = open(locations)) {
      PlatformCompatibility rule =
          ComponentPlatforms.rule(cat, BaseSelector.choose(cat, "latest").profile()).orElseThrow();
      return rule.newest(
          cat.vibsNamed("vmkusb-nic-fling").stream().map(CatalogVib::descriptor).toList(),
          ComponentPlatforms.of(cat));
    }
  }

  /** The chosen version for a base made of {@code baseVibs}. */
  private static PlatformCompatibility.Choice onBase(List<VibDescriptor> baseVibs)
      throws Exception {
    try (Catalog cat = open(flings())) {
      return PlatformCompatibility.of(baseVibs)
          .orElseThrow()
          .newest(
              cat.vibsNamed("vmkusb-nic-fling").stream().map(CatalogVib::descriptor).toList(),
              ComponentPlatforms.of(cat));
    }
  }

  @Test
  void newest_on67Base_the67Bundle() throws Exception {
    Path dir = Fixtures.real("esximg-6.7-host/vibs");
    VibDescriptor esxBase =
        DescriptorXml.parse(
            Files.readAllBytes(dir.resolve("esx-base-591008816.xml.orig")), "esx-base");
    PlatformCompatibility.Choice c = onBase(List.of(esxBase));
    assertEquals(V67, c.chosen().orElseThrow().version().toString());
    assertEquals("", c.note()); // the newest by version fits: nothing skipped
  }

  @Test
  void newest_on70SampleBase_noneFits_oneLineNamesEachVersion() throws Exception {
    PlatformCompatibility.Choice c = onSample(SampleVersion.V7_0);
    assertTrue(c.chosen().isEmpty());
    assertEquals(
        "no version of vmkusb-nic-fling in the depots given fits ESXi 7.0.0: "
            + V67
            + " (it is made for ESXi 6.*, not ESXi 7.0.0), "
            + V90
            + " (it is made for ESXi 9.0, not ESXi 7.0.0), "
            + V80
            + " (it is made for ESXi 8.0, not ESXi 7.0.0)",
        c.refusal("vmkusb-nic-fling"));
  }

  @Test
  void newest_on80SampleBase_the80U3Component_skipsNewerWithReasons() throws Exception {
    PlatformCompatibility.Choice c = onSample(SampleVersion.V8_0);
    assertEquals(V80, c.chosen().orElseThrow().version().toString());
    assertEquals(
        "chose vmkusb-nic-fling "
            + V80
            + ", the newest for ESXi 8.0.3; skipped the newer "
            + V67
            + " (it is made for ESXi 6.*, not ESXi 8.0.3), "
            + V90
            + " (it is made for ESXi 9.0, not ESXi 8.0.3)",
        c.note());
  }

  @Test
  void newest_on90HandMadeBase_the90Component() throws Exception {
    VibDescriptor esxBase =
        TestVibs.vib("esx-base", "9.0.0-0.0.24755229")
            .provides("vmkapi_3_0_0_0", null)
            .provides("vmkapi_incompat_3_0_0_0", null)
            .provides("zstd-compression", "1.0")
            .platform("9.0")
            .build();
    PlatformCompatibility.Choice c = onBase(List.of(esxBase));
    assertEquals(V90, c.chosen().orElseThrow().version().toString());
    assertEquals(
        "chose vmkusb-nic-fling "
            + V90
            + ", the newest for ESXi 9.0.0; skipped the newer "
            + V67
            + " (it is made for ESXi 6.*, not ESXi 9.0.0)",
        c.note());
    // the same base without the vmkapi 3.0 interface does not take the 9.0 build either
    VibDescriptor noApi =
        TestVibs.vib("esx-base", "9.0.0-0.0.24755229").provides("zstd-compression", "1.0").build();
    PlatformCompatibility.Verdict v =
        PlatformCompatibility.of(List.of(noApi))
            .orElseThrow()
            .check(onBase(List.of(esxBase)).chosen().orElseThrow(), List.of());
    assertFalse(v.compatible());
    assertEquals(
        "it needs vmkapi_3_0_0_0, vmkapi_incompat_3_0_0_0, which ESXi 9.0.0 does not" + " provide",
        v.reason());
  }

  @Test
  void build_67FlingOn70_failsWithThePlatformLine() {
    String depot = Samples.depot(SampleVersion.V7_0).folder().toString();
    Samples.Run named =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            Fixtures.real(FLING67).toString(),
            "--name",
            "X",
            "--add",
            "vmkusb-nic-fling@" + V67,
            "--bundle",
            tmp.resolve("x.zip").toString());
    assertEquals(3, named.code(), named.toString());
    assertTrue(
        named
            .err()
            .contains(
                "esxforge build: VMW_bootbank_vmkusb-nic-fling_"
                    + V67
                    + ": vmkusb-nic-fling "
                    + V67
                    + " is made for ESXi 6.*, but the image's base is ESXi"
                    + " 7.0.0; compatible versions in the depots given: none; add a build of vmkusb-nic-fling"
                    + " made for ESXi 7.0.0 or remove vmkusb-nic-fling\n"),
        named.toString());
    assertFalse(named.err().contains("vmkapi_incompat"), named.toString());
    assertTrue(Files.notExists(tmp.resolve("x.zip")));
    // by name: nothing fits, one line naming every version and what it is made for
    Samples.Run byName =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            Fixtures.real(FLING67).toString(),
            "-d",
            Fixtures.real(FLING80).toString(),
            "--name",
            "X",
            "--add",
            "vmkusb-nic-fling",
            "--bundle",
            tmp.resolve("x.zip").toString());
    assertEquals(3, byName.code(), byName.toString());
    assertTrue(
        byName
            .err()
            .contains(
                "\nno version of vmkusb-nic-fling in the depots given fits"
                    + " ESXi 7.0.0: "
                    + V67
                    + " (it is made for ESXi 6.*, not ESXi 7.0.0), "
                    + V80
                    + " (it is made for ESXi 8.0, not ESXi 7.0.0); taking the newest, "
                    + V67
                    + ", for validation to judge\n"),
        byName.toString());
    assertTrue(
        byName
            .err()
            .contains(
                "esxforge build: VMW_bootbank_vmkusb-nic-fling_"
                    + V67
                    + ": vmkusb-nic-fling "
                    + V67
                    + " is made for ESXi 6.*, but the image's base is ESXi"
                    + " 7.0.0; compatible versions in the depots given: none;"),
        byName.toString());
  }

  @Test
  void build_67BundleAndComponentOn80_addsThe80U3BuildAndSaysWhatItSkipped() {
    String depot = Samples.depot(SampleVersion.V8_0).folder().toString();
    Path out = tmp.resolve("x.zip");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            Fixtures.real(FLING67).toString(),
            "-d",
            Fixtures.real(FLING80).toString(),
            "--name",
            "X",
            "--add",
            "vmkusb-nic-fling",
            "--bundle",
            out.toString());
    assertEquals(0, r.code(), r.toString());
    assertTrue(
        r.err()
            .contains(
                "chose vmkusb-nic-fling "
                    + V80
                    + ", the newest for ESXi 8.0.3;"
                    + " skipped the newer "
                    + V67
                    + " (it is made for ESXi 6.*, not ESXi 8.0.3)\n"),
        r.toString());
    assertTrue(r.out().contains("added     VMW_bootbank_vmkusb-nic-fling_" + V80), r.toString());
    // the 8.0U3 component zip added as a file to the 7.0 base is refused (its platform counts)
    Samples.Run on70 =
        Samples.cli(
            "build",
            "-d",
            Samples.depot(SampleVersion.V7_0).folder().toString(),
            "--name",
            "X",
            "--add",
            Fixtures.real(FLING80).toString(),
            "--bundle",
            out.resolveSibling("y.zip").toString());
    assertEquals(3, on70.code(), on70.toString());
    assertTrue(
        on70.err()
            .contains(
                "vmkusb-nic-fling "
                    + V80
                    + " is made for ESXi 8.0, but the"
                    + " image's base is ESXi 7.0.0"),
        on70.toString());
  }

  @Test
  void lsimr3Bundle_componentSays5DescriptorSays80_descriptorWins() throws Exception {
    try (Catalog cat =
        open(List.of(Fixtures.real("lsimr3-mod-offline-bundle-8x.zip").toString()))) {
      CatalogVib v = cat.vibsNamed("lsi-mr3").get(0);
      List<org.esxforge.model.SoftwarePlatform> comp = ComponentPlatforms.of(cat).apply(v.id());
      // the bundle's metadata has no platform, so the component's 5.* would decide...
      assertEquals("ESXi 5.*", PlatformCompatibility.madeFor(v.metadata(), comp));
      VibDescriptor signed;
      try (org.esxforge.vib.VibFile f =
          org.esxforge.vib.VibFile.open(Fixtures.real("lsimr3-mod-8x.vib"))) {
        signed = f.descriptor();
      }
      // ...but the catalog judges the VIB by its signed descriptor, which says 8.0, as the loose
      // .vib is judged, and keeps the disagreement for listing and build to report
      assertEquals(v.id(), signed.id());
      assertEquals(signed, v.descriptor());
      assertEquals("ESXi 8.0", PlatformCompatibility.madeFor(v.descriptor(), comp));
      assertTrue(
          v.disagreements().stream().anyMatch(d -> d.field().equals("softwarePlatform")),
          v.disagreements().toString());
      assertEquals(cat.descriptors().get(v.id()), signed);
      PlatformCompatibility on80 =
          PlatformCompatibility.of(
                  List.of(
                      TestVibs.vib("esx-base", "8.0.3-0.0.24022510")
                          .provides("vmkapi_2_10_0_0", null)
                          .build()))
              .orElseThrow();
      assertTrue(on80.check(signed, comp).compatible());
      assertFalse(on80.check(v.metadata(), comp).compatible());
    }
  }

  @Test
  void
      lsimr3Bundle_vibsNewestAndAddByName_judgeByTheSignedDescriptor_buildRefusesTheDisagreement() {
    String d80 = Samples.depot(SampleVersion.V8_0).folder().toString();
    String bundle = Fixtures.real("lsimr3-mod-offline-bundle-8x.zip").toString();
    String v = "7.732.03.00-1MOD.800.1.0.20613240";
    Samples.Run list =
        Samples.cli("vibs", "-d", d80, "-d", bundle, "--newest", "--name", "lsi-mr3");
    assertEquals(0, list.code(), list.toString());
    // made for 8.0 by its descriptor: the newest for 8.0.3 (not "made for ESXi 5.*")
    assertTrue(
        list.out().lines().anyMatch(l -> l.startsWith("lsi-mr3") && l.contains(v)),
        list.toString());
    assertFalse(list.err().contains("ESXi 5.*"), list.toString());
    assertTrue(
        list.err().contains("depot metadata disagrees with the VIB's signed descriptor.xml"),
        list.toString());
    Samples.Run build =
        Samples.cli(
            "build",
            "-d",
            d80,
            "-d",
            bundle,
            "--base",
            "latest",
            "--name",
            "X",
            "--add",
            "lsi-mr3",
            "--no-signature-check",
            "--bundle",
            tmp.resolve("m.zip").toString());
    assertEquals(5, build.code(), build.toString());
    assertTrue(
        build.err().contains("depot metadata disagrees with the VIB's signed descriptor.xml"),
        build.toString());
    assertTrue(Files.notExists(tmp.resolve("m.zip")));
  }

  @Test
  void build_lsimr3LooseOrInItsBundle_judgedTheSameBySignedDescriptor() {
    String depot = Samples.depot(SampleVersion.V7_0).folder().toString();
    String line =
        ": lsi-mr3 7.732.03.00-1MOD.800.1.0.20613240 is made for ESXi 8.0, but the"
            + " image's base is ESXi 7.0.0;";
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--name",
            "X",
            "--add",
            Fixtures.real("lsimr3-mod-8x.vib").toString(),
            "--no-signature-check",
            "--bundle",
            tmp.resolve("l.zip").toString());
    assertEquals(3, r.code(), r.toString());
    assertTrue(r.err().contains(line), r.toString());
    // in its bundle, the metadata leaves the platform out: the signed descriptor's 8.0 is what
    // the refusal names (issue 10: a build refuses metadata that disagrees with the descriptor)
    r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--name",
            "X",
            "--add",
            Fixtures.real("lsimr3-mod-offline-bundle-8x.zip").toString(),
            "--no-signature-check",
            "--bundle",
            tmp.resolve("l.zip").toString());
    assertEquals(5, r.code(), r.toString());
    assertTrue(
        r.err()
                .contains(
                    "depot metadata disagrees with the VIB's signed descriptor.xml"
                        + " (softwarePlatform")
            && r.err().contains("version=8.0"),
        r.toString());
  }

  @Test
  void vibs_newestFor_choosesPerBase() {
    String d80 = Samples.depot(SampleVersion.V8_0).folder().toString();
    List<String> args =
        new ArrayList<>(
            List.of("vibs", "--newest", "--name", "vmkusb-nic-fling", "--json", "-d", d80));
    flings()
        .forEach(
            f -> {
              args.add("-d");
              args.add(f);
            });
    Samples.Run r = Samples.cli(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.toString());
    assertTrue(r.out().contains("\"version\" : \"" + V80 + "\""), r.out());
    assertFalse(r.out().contains(V67), r.out());
    assertTrue(
        r.err().contains("VIBs that fit ESXi-8.0U3b-24280767-standard (ESXi 8.0.3)"), r.toString());
    // without a base in the depots: newest by version, and it says so
    List<String> bare = new ArrayList<>(List.of("vibs", "--newest", "--json"));
    flings()
        .forEach(
            f -> {
              bare.add("-d");
              bare.add(f);
            });
    Samples.Run b = Samples.cli(bare.toArray(String[]::new));
    assertTrue(b.out().contains(V67), b.toString());
    assertTrue(
        b.err().contains("newest by version only: the depots hold no base image"), b.toString());
  }

  @Test
  void component_80U3FlingOn70BaseImage_onePlatformLine_newestOn80SkipsThe90() {
    String d70 = Samples.depot(SampleVersion.V7_0).folder().toString();
    String base70 = "7.0.0-1.25.16324942";
    // by name: nothing fits; one line naming each version, what it is made for and the base
    Samples.Run byName =
        Samples.cli(
            "build",
            "-d",
            d70,
            "-d",
            Fixtures.real(FLING80).toString(),
            "-d",
            Fixtures.real(FLING90).toString(),
            "--base-image",
            "latest:7.0",
            "--component",
            "VMware-vmkusb-nic-fling",
            "--name",
            "X",
            "--bundle",
            tmp.resolve("c.zip").toString());
    assertTrue(byName.code() != 0, byName.toString());
    assertTrue(
        byName
            .err()
            .contains(
                "component VMware-vmkusb-nic-fling: no version in the depots given fits base image "
                    + base70
                    + " (ESXi 7.0.0): "
                    + V90
                    + " (it is made for ESXi 9.0, not ESXi 7.0.0), "
                    + V80
                    + " (it is made for ESXi 8.0, not ESXi 7.0.0); compatible versions in the"
                    + " depots given: none"),
        byName.toString());
    assertFalse(byName.err().contains("vmkapi_incompat"), byName.toString());
    // a version named: the one platform line
    Samples.Run exact =
        Samples.cli(
            "build",
            "-d",
            d70,
            "-d",
            Fixtures.real(FLING80).toString(),
            "--base-image",
            "latest:7.0",
            "--component",
            "VMware-vmkusb-nic-fling@" + V80,
            "--name",
            "X",
            "--bundle",
            tmp.resolve("c.zip").toString());
    assertTrue(exact.code() != 0, exact.toString());
    assertTrue(
        exact
            .err()
            .contains(
                "component VMware-vmkusb-nic-fling "
                    + V80
                    + " is made for ESXi 8.0, but base image "
                    + base70
                    + " is ESXi 7.0.0; compatible versions in the depots given: none"),
        exact.toString());
    assertTrue(Files.notExists(tmp.resolve("c.zip")));
    // components --newest --for an 8.0 base: the 8.0U3 build, the 9.0 one skipped with the reason
    List<String> args =
        new ArrayList<>(
            List.of(
                "components",
                "--newest",
                "--for",
                "latest:8.0",
                "--name",
                "*fling*",
                "-d",
                Samples.depot(SampleVersion.V8_0).folder().toString()));
    flings()
        .forEach(
            f -> {
              args.add("-d");
              args.add(f);
            });
    Samples.Run list = Samples.cli(args.toArray(String[]::new));
    assertEquals(0, list.code(), list.toString());
    assertTrue(
        list.out()
            .lines()
            .anyMatch(l -> l.startsWith("VMware-vmkusb-nic-fling") && l.contains(V80)),
        list.toString());
    assertTrue(
        list.err()
            .contains(
                "skipped VMware-vmkusb-nic-fling "
                    + V90
                    + " (it is made for ESXi 9.0, not ESXi 8.0.3)"),
        list.toString());
  }
}
