package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.DepotOptions;
import org.esxforge.depot.Depots;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.depot.xml.SoftwareSpecJson;
import org.esxforge.event.EventHandlers;
import org.esxforge.iso.IsoFileSystem;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.SoftwareSpec;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Software-spec builds (issue 11) on the sample 8.0 depot and the HPE-style add-on: the spec's ISO
 * boots BIOS and UEFI; two builds give identical bytes; the exports carry the base image, add-on,
 * components and reserved components; the bundle re-imported gives the same base image, add-on,
 * components and spec, and builds the same image alone.
 */
class SoftwareSpecBuildIT {
  static final String ADDON = "samples/HPE-Custom-AddOn-8.0U3-depot.zip";
  static final String U3B = "8.0.3-0.35.24280767";
  @TempDir static Path tmp;
  static String depot;
  static Path spec;
  static Samples.Run first;
  static Path iso;
  static Path bundle;

  @BeforeAll
  static void build() throws Exception {
    depot = Samples.depot(SampleVersion.V8_0).folder().toString();
    spec = tmp.resolve("spec.json");
    Files.writeString(
        spec,
        """
        {
          "base_image": {"version": "8.0.3-0.35.24280767"},
          "add_on": {"name": "HPE-Custom-AddOn", "version": "803.0.0.11.7.0-14"},
          "components": {"Intel-ne1000": "0.8.4-10vmw.803.0.0.24022510"},
          "removed_components": ["Cisco-nfnic"]
        }
        """);
    iso = tmp.resolve("a/hpe.iso");
    bundle = tmp.resolve("a/hpe.zip");
    first =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            ADDON,
            "--spec",
            spec.toString(),
            "--name",
            "ESXi-8.0U3b-HPE",
            "--iso",
            iso.toString(),
            "--bundle",
            bundle.toString());
  }

  @Test
  void build_spec_recordsResolvedSpecBesideEachOutput() throws Exception {
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.out().contains("composed from base image ESXi:" + U3B), first.out());
    assertTrue(
        first.out().contains("reserved  Broadcom-ELX-lpfc 12.4.293.3-5vmw.803.0.0.24022510"),
        first.out());
    String recorded =
        """
        {
          "base_image": {
            "version": "8.0.3-0.35.24280767"
          },
          "add_on": {
            "name": "HPE-Custom-AddOn",
            "version": "803.0.0.11.7.0-14"
          },
          "components": {
            "Intel-ne1000": "0.8.4-10vmw.803.0.0.24022510"
          },
          "removed_components": [
            "Cisco-nfnic"
          ]
        }
        """;
    assertEquals(recorded, Files.readString(tmp.resolve("a/hpe.iso.spec.json")));
    assertEquals(recorded, Files.readString(tmp.resolve("a/hpe.zip.spec.json")));
  }

  @Test
  void build_specTwice_identicalBytes() throws Exception {
    Path iso2 = tmp.resolve("b/hpe.iso");
    Path bundle2 = tmp.resolve("b/hpe.zip");
    Samples.Run again =
        Samples.cli(
            "build",
            "-d",
            ADDON,
            "-d",
            depot,
            "--spec",
            spec.toString(),
            "--name",
            "ESXi-8.0U3b-HPE",
            "--iso",
            iso2.toString(),
            "--bundle",
            bundle2.toString());
    assertEquals(0, again.code(), again.toString());
    assertArrayEquals(Files.readAllBytes(iso), Files.readAllBytes(iso2), "ISO bytes");
    assertArrayEquals(Files.readAllBytes(bundle), Files.readAllBytes(bundle2), "bundle bytes");
  }

  @Test
  void build_spec_isoBootsBiosAndUefi() throws Exception {
    assertEquals(0, first.code(), first.toString());
    IsoVerification v = IsoVerifier.verify(iso);
    assertEquals(List.of(), v.problems(), v.summary());
    for (Qemu.Firmware fw : Qemu.Firmware.values()) {
      Qemu.require(fw);
      Qemu.Result boot = Qemu.boot(iso, fw, tmp.resolve("qemu-" + fw));
      assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
      assertEquals(List.of(), boot.log().failures(), boot.describe());
      assertEquals(v.modules(), boot.log().moduleNames(), boot.describe());
      assertTrue(boot.log().module("/ilo.v00").isPresent(), boot.describe());
    }
  }

  @Test
  void build_spec_imgDbCarriesBaseImageAddOnComponentsAndReserved() throws Exception {
    assertEquals(0, first.code(), first.toString());
    Map<String, byte[]> db = new TreeMap<>();
    try (IsoFileSystem fs = IsoFileSystem.open(iso);
        TarArchiveInputStream tar =
            new TarArchiveInputStream(
                new GzipCompressorInputStream(
                    new ByteArrayInputStream(fs.read(fs.entry("/IMGDB.TGZ"), 64 << 20))))) {
      for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
        db.put(e.getName(), tar.readAllBytes());
      }
    }
    String d = "var/db/esximg/";
    assertTrue(db.containsKey(d + "baseimages/ESXi_" + U3B + ".json"), db.keySet().toString());
    ReleaseUnit addOn =
        BaseImageJson.parse(
            db.get(d + "addons/HPE-Custom-AddOn_803.0.0.11.7.0-14.json"), "IMGDB", "addons/");
    assertEquals(List.of("HPE-nhpsa"), addOn.removedComponents());
    // the components of the base-image VIBs the add-on and the spec replaced (removed ones with
    // nothing in their place are not reserved in the host database)
    assertEquals(
        List.of(
            d + "reservedComponents/Broadcom-ELX-lpfc_12.4.293.3-5vmw.803.0.0.24022510.xml",
            d + "reservedComponents/Intel-ne1000_0.9.2-1vmw.803.0.35.24280767.xml",
            d + "reservedComponents/Microchip-smartpqi_1.0.4.3011-1vmw.803.0.0.24022510.xml"),
        db.keySet().stream()
            .filter(k -> k.contains("reservedComponents/") && !k.endsWith("/"))
            .toList());
    assertTrue(
        db.containsKey(d + "bulletins/Broadcom-ELX-lpfc_14.4.0.39-1OEM.803.0.0.24022510.xml"));
    // the manifest and solution the image satisfies, byte for byte as the add-on depot has them
    try (Catalog addOnDepot =
        Depots.open(List.of(ADDON), DepotOptions.defaults(), EventHandlers.none())) {
      ReleaseUnit hsp = addOnDepot.manifests().get(0);
      ReleaseUnit sol = addOnDepot.solutions().get(0);
      assertArrayEquals(
          hsp.document().getBytes(StandardCharsets.UTF_8),
          db.get(d + "manifests/com.hpe.hsm_HPE-SPP-Gen11_2024.07.00.00.json"),
          db.keySet().toString());
      assertArrayEquals(
          sol.document().getBytes(StandardCharsets.UTF_8),
          db.get(d + "solutions/HPE-Agentless-Management_803.12.1.0-1.json"),
          db.keySet().toString());
    }
    String profile =
        db.entrySet().stream()
            .filter(e -> e.getKey().startsWith(d + "profiles/") && !e.getKey().endsWith("/"))
            .map(e -> new String(e.getValue(), StandardCharsets.UTF_8))
            .findFirst()
            .orElseThrow();
    assertTrue(profile.contains("<baseimageid>ESXi:" + U3B + "</baseimageid>"), profile);
  }

  @Test
  void bundle_reimported_sameBaseImageAddOnComponentsAndSpec() throws Exception {
    assertEquals(0, first.code(), first.toString());
    SoftwareSpec expected =
        SoftwareSpecJson.parse(Files.readAllBytes(tmp.resolve("a/hpe.zip.spec.json")), "spec");
    try (Catalog original =
            Depots.open(List.of(depot, ADDON), DepotOptions.defaults(), EventHandlers.none());
        Catalog back =
            Depots.open(
                List.of(bundle.toString()), DepotOptions.defaults(), EventHandlers.none())) {
      assertEquals(1, back.baseImages().size());
      assertArrayEquals(
          BaseImageJson.write(original.baseImage(U3B).orElseThrow()),
          BaseImageJson.write(back.baseImages().get(0)));
      assertEquals(List.of(original.addOns().get(0)), back.addOns());
      assertEquals(original.manifests(), back.manifests());
      assertEquals(original.solutions(), back.solutions());
      ImageProfile p = back.profile("ESXi-8.0U3b-HPE").orElseThrow();
      ImageComposer.Composition derived = ImageComposer.derive(back, p).orElseThrow();
      assertEquals(expected, derived.spec());
      assertEquals(
          List.of("Broadcom-ELX-lpfc", "Intel-ne1000", "Microchip-smartpqi"),
          derived.reserved().stream().map(b -> b.componentName()).toList());
      // the bundle still holds the components the image removed (Cisco-nfnic by the spec,
      // HPE-nhpsa by the add-on), so that the base image resolves from it alone
      assertTrue(
          back.component(
                  "Cisco-nfnic",
                  original.baseImage(U3B).orElseThrow().components().get("Cisco-nfnic"))
              .isPresent());
      assertTrue(
          back.component(
                  "HPE-nhpsa", original.baseImage(U3B).orElseThrow().components().get("HPE-nhpsa"))
              .isPresent());
      Samples.Run show = Samples.cli("profile", "show", "-d", bundle.toString(), "ESXi-8.0U3b-HPE");
      assertEquals(0, show.code(), show.toString());
      assertTrue(
          show.out()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("Broadcom-ELX-lpfc")
                          && l.contains("14.4.0.39-1OEM.803.0.0.24022510")),
          show.out());
      assertTrue(
          show.out().contains("Add-on:       HPE-Custom-AddOn 803.0.0.11.7.0-14"), show.out());
      assertTrue(
          show.out()
              .contains(
                  "HW support:   HPE-SPP-Gen11 2024.07.00.00 (manager com.hpe.hsm) (the image"
                      + " holds its components)"),
          show.out());
      assertTrue(
          show.out().contains("Solution:     HPE-Agentless-Management 803.12.1.0-1"), show.out());
      String reserved = show.out().substring(show.out().indexOf("Reserved:     3 "));
      assertTrue(
          reserved
              .lines()
              .anyMatch(l -> l.startsWith("Broadcom-ELX-lpfc") && l.contains("12.4.293.3")),
          show.out());
      assertFalse(reserved.contains("HPE-nhpsa"), show.out()); // removed, not replaced
      Samples.Run baseShow = Samples.cli("profile", "show", "-d", bundle.toString(), U3B);
      assertEquals(0, baseShow.code(), baseShow.toString());
      assertTrue(baseShow.out().contains("Base image:   ESXi:" + U3B), baseShow.out());
      assertTrue(
          baseShow
              .out()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("Broadcom-ELX-lpfc")
                          && l.contains("12.4.293.3-5vmw.803.0.0.24022510")),
          baseShow.out());
      // vLCM depot: the same spec builds from the bundle alone, to the same VIBs
      ImageComposer.Composition again = ImageComposer.compose(back, expected);
      assertEquals(p.vibIds(), again.profile().vibIds());
    }
  }

  @Test
  void build_badSpecParts_oneLineEachAndNothingWritten() throws Exception {
    Path out = tmp.resolve("bad/x.iso");
    String[][] cases = {
      {
        "--base-image",
        "7.0.0-1.0.15843807",
        "base image 7.0.0-1.0.15843807: not in the depots"
            + " given; they have 8.0.3-0.0.24022510, 8.0.3-0.35.24280767"
      },
      {
        "--component",
        "NoSuch",
        "no component named 'NoSuch' in the depots given; list them"
            + " with 'esxforge components -d …'"
      },
      {
        "--addon",
        "HPE-Custom-AddOn@1.0",
        "add-on HPE-Custom-AddOn has no version 1.0; the depots" + " have 803.0.0.11.7.0-14"
      },
      {"--remove-component", "NoSuch", "removed_components: no component 'NoSuch' in the image;"},
    };
    for (String[] c : cases) {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "build",
                  "-d",
                  depot,
                  "-d",
                  ADDON,
                  c[0],
                  c[1],
                  "--name",
                  "X",
                  "--iso",
                  out.toString()));
      if (!c[0].equals("--base-image")) {
        args.addAll(List.of("--base-image", "latest:8.0"));
      }
      Samples.Run r = Samples.cli(args.toArray(String[]::new));
      assertEquals(1, r.code(), r.toString());
      assertTrue(r.err().contains(c[2]), c[2] + "\n" + r);
      assertTrue(emptyOrMissing(out.getParent()), r.toString());
    }
    Samples.Run both =
        Samples.cli(
            "build",
            "-d",
            depot,
            "--base",
            "latest",
            "--base-image",
            "latest",
            "--name",
            "X",
            "--iso",
            out.toString());
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("give one or the other"), both.toString());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"base_image\": {\"version\": 8}}");
    Samples.Run spec =
        Samples.cli(
            "build", "-d", depot, "--spec", bad.toString(), "--name", "X", "--iso", out.toString());
    assertTrue(spec.code() != 0, spec.toString());
    assertTrue(
        spec.err().contains(bad + ": base_image.version: expected a string, got NUMBER"),
        spec.toString());
    assertTrue(!spec.err().contains("\tat "), spec.toString());
  }

  @Test
  void build_cloneWithComponentNames_addsAndRemovesComponentsAndRecordsTheSpec() throws Exception {
    Path bundle2 = tmp.resolve("c/clone.zip");
    Samples.Run r =
        Samples.cli(
            "build",
            "-d",
            depot,
            "-d",
            ADDON,
            "--base",
            "ESXi-8.0U3b-24280767-standard",
            "--name",
            "Clone",
            "--add",
            "ilo-driver",
            "--remove",
            "HPE-nhpsa",
            "--bundle",
            bundle2.toString(),
            "--json");
    assertEquals(0, r.code(), r.toString());
    var vibs =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out()).get("vibs").toString();
    assertTrue(vibs.contains("\"HPE_bootbank_ilo_803.10.8.2.6-1OEM.803.0.0.24022510\""), vibs);
    assertTrue(!vibs.contains("_nhpsa_"), vibs);
    assertEquals(
        """
        {
          "base_image": {
            "version": "8.0.3-0.35.24280767"
          },
          "components": {
            "ilo-driver": "803.10.8.2.6-1OEM.803.0.0.24022510"
          },
          "removed_components": [
            "HPE-nhpsa"
          ]
        }
        """,
        Files.readString(tmp.resolve("c/clone.zip.spec.json")));
  }

  private static boolean emptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
