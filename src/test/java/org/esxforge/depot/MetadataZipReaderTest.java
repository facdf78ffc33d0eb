package org.esxforge.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.depot.xml.RealZips;
import org.esxforge.event.BuildEvent;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataZipReaderTest {
  private static final String COMPONENT =
      "ESXi80U3-VMKUSB-NIC-FLING-75399077-component-24052746.zip";

  @Test
  void read_everyRealMetadataZip_vmwareXmlRedundantAndSkipped() throws Exception {
    for (Path zip : RealZips.bundles()) {
      byte[] meta = RealZips.metadataZip(zip);
      MetadataZipReader.Content c =
          MetadataZipReader.read(meta, "m", DepotOptions.defaults(), new AtomicLong());
      assertNull(c.vmwareXml(), zip.toString());
      assertEquals(1, c.vibXml().size());
      assertEquals(1, c.bulletins().size());
    }
  }

  @Test
  void read_withoutCopies_sameEntriesAndNoDescriptorCopies() throws Exception {
    // an online depot's reading skips the copies (only the probe of a local depot's VIBs uses
    // them); the VMware-written entries are in the copy form (the community r8168 one is not)
    int copies = 0;
    for (Path zip : RealZips.bundles()) {
      byte[] meta = RealZips.metadataZip(zip);
      MetadataZipReader.Content with =
          MetadataZipReader.read(meta, "m", DepotOptions.defaults(), new AtomicLong(), true);
      MetadataZipReader.Content without =
          MetadataZipReader.read(meta, "m", DepotOptions.defaults(), new AtomicLong(), false);
      assertEquals(with.vibXml(), without.vibXml(), zip.toString());
      assertTrue(
          with.vibXml().keySet().containsAll(with.descriptorCopies().keySet()), zip.toString());
      assertEquals(Map.of(), without.descriptorCopies(), zip.toString());
      copies += with.descriptorCopies().size();
    }
    assertTrue(copies >= 5, "descriptor copies found: " + copies);
  }

  @Test
  void read_profilesBeforeAndAfterTheirVibsAcrossBatches_shareTheCatalogsIds() throws Exception {
    Map<String, byte[]> real = RealZips.metadata(Fixtures.real(COMPONENT));
    VibId id = null;
    for (Map.Entry<String, byte[]> e : real.entrySet()) {
      if (e.getKey().startsWith("vibs/")) {
        id = DescriptorXml.parseMetadata(e.getValue(), e.getKey()).descriptor().id();
      }
    }
    Map<String, byte[]> meta = new LinkedHashMap<>();
    meta.put("profiles/before.xml", profile("before", id));
    meta.putAll(real);
    meta.put("profiles/after.xml", profile("after", id));
    for (long batch : new long[] {1, 1L << 30}) {
      MetadataZipReader.Content c =
          MetadataZipReader.read(
              DepotsHostileTest.zip(meta), "m", DepotOptions.defaults(), new AtomicLong(), batch);
      VibId own = c.vibXml().keySet().iterator().next();
      assertEquals(id, own);
      assertEquals(List.of("before", "after"), c.profiles().stream().map(p -> p.name()).toList());
      for (ImageProfile p : c.profiles()) {
        assertSame(own, p.vibIds().get(0), p.name() + ", batches of " + batch + " bytes");
      }
    }
  }

  private static byte[] profile(String name, VibId id) throws Exception {
    return ProfileXml.write(
        ImageProfile.builder(name, AcceptanceLevel.PARTNER)
            .creator("c")
            .creationTime(Instant.EPOCH)
            .modifiedTime(Instant.EPOCH)
            // a copy: equal to the VIB's id, never the same object
            .vibIds(List.of(new VibId(new String(id.value().toCharArray()))))
            .build());
  }

  @Test
  void read_vmwareXmlWithExtraBulletinOrSourceUrl_parsedFully() throws Exception {
    Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(COMPONENT)));
    String xml = new String(meta.get("vmware.xml"), StandardCharsets.UTF_8);
    meta.put(
        "vmware.xml",
        xml.replace(
                "<sourceUrl></sourceUrl>", "<sourceUrl>http://example.invalid/x.vib</sourceUrl>")
            .getBytes(StandardCharsets.UTF_8));
    MetadataZipReader.Content c =
        MetadataZipReader.read(
            DepotsHostileTest.zip(meta), "m", DepotOptions.defaults(), new AtomicLong());
    assertEquals("http://example.invalid/x.vib", c.vmwareXml().vibs().get(0).sourceUrl());
    meta.put(
        "vmware.xml",
        xml.replace("<id>VMware-vmkusb", "<id>Other-vmkusb").getBytes(StandardCharsets.UTF_8));
    c =
        MetadataZipReader.read(
            DepotsHostileTest.zip(meta), "m", DepotOptions.defaults(), new AtomicLong());
    assertTrue(c.vmwareXml().bulletins().get(0).id().startsWith("Other-vmkusb"));
  }

  @Test
  void open_noVibsXml_descriptorFromSummaryAsCommunityWithWarning(@TempDir Path tmp)
      throws Exception {
    Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(COMPONENT)));
    meta.keySet().removeIf(k -> k.startsWith("vibs/") || k.startsWith("bulletins/"));
    Path p = tmp.resolve("nov.zip");
    Files.write(
        p,
        DepotsHostileTest.zip(
            DepotsHostileTest.realWith("metadata.zip", DepotsHostileTest.zip(meta))));
    List<BuildEvent> events = new ArrayList<>();
    try (Catalog c =
            Depots.open(
                List.of(p.toString()), DepotOptions.defaults(), EventHandlers.of(events::add));
        Catalog real = DepotsRealFixturesTest.open(Fixtures.real(COMPONENT).toString())) {
      CatalogVib v = c.vibs().values().iterator().next();
      CatalogVib r = real.vibs().values().iterator().next();
      assertEquals(r.id(), v.id());
      assertEquals(AcceptanceLevel.COMMUNITY, v.descriptor().acceptanceLevel());
      assertEquals(r.descriptor().relationships(), v.descriptor().relationships());
      assertEquals(r.descriptor().softwareTags(), v.descriptor().softwareTags());
      assertEquals(r.sha256(), v.sha256());
      assertEquals(r.relativePath(), v.relativePath());
      assertEquals(Boolean.TRUE, v.signed());
      assertEquals(real.bulletins(), c.bulletins());
      assertTrue(
          events.contains(
              LogEvent.warn(
                  p
                      + ": no vibs/*.xml for some VIBs; using"
                      + " vmware.xml summaries (acceptance level unknown, taken as community)")),
          events.toString());
    }
  }

  @Test
  void open_sourceUrlAbsoluteInLocalZip_localBytesReadNoRequest(@TempDir Path tmp)
      throws Exception {
    Path served = Files.createDirectory(tmp.resolve("srv"));
    byte[] vib =
        RealZips.members(Fixtures.real(COMPONENT))
            .get(
                "vib20/vmkusb-nic-fling/VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib");
    Files.write(served.resolve("elsewhere.vib"), vib);
    try (TestDepotServer s = new TestDepotServer(served, false)) {
      Map<String, byte[]> meta = new LinkedHashMap<>(RealZips.metadata(Fixtures.real(COMPONENT)));
      String xml = new String(meta.get("vmware.xml"), StandardCharsets.UTF_8);
      meta.put(
          "vmware.xml",
          xml.replace(
                  "<sourceUrl></sourceUrl>",
                  "<sourceUrl>" + s.url("/depot/elsewhere.vib") + "</sourceUrl>")
              .getBytes(StandardCharsets.UTF_8));
      Path p = tmp.resolve("src.zip");
      Files.write(
          p,
          DepotsHostileTest.zip(
              DepotsHostileTest.realWith("metadata.zip", DepotsHostileTest.zip(meta))));
      try (Catalog c = DepotsRealFixturesTest.open(p.toString())) {
        CatalogVib v = c.vibs().values().iterator().next();
        // a local depot reads local bytes only: the sourceUrl is not followed
        assertEquals(
            p
                + "!vib20/vmkusb-nic-fling/"
                + "VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803.0.0.75399077.vib",
            v.source().describe());
        try (var in = v.source().open()) {
          assertEquals(v.sha256().hex(), Independent.sha256(in.readAllBytes()));
        }
      }
      assertEquals(List.of(), s.requests());
    }
  }

  /**
   * Members are read and parsed in parallel, but the failures are those of reading one member after
   * the other and parsing each batch once read: the first failure to read (the metadata budget
   * counts as one) wins over a failure to parse in the same batch, and the budget is exceeded at
   * the same member whatever the batches.
   */
  @Test
  void read_budgetExceededOrMemberUnparseable_sameFailureAsReadingInOrder() throws Exception {
    Map<String, byte[]> meta = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      meta.put(
          "bulletins/b" + i + ".xml", "<bulletin>".repeat(10).getBytes(StandardCharsets.UTF_8));
    }
    byte[] zip = DepotsHostileTest.zip(meta);
    DepotOptions small = DepotOptions.defaults().withLimits(1L << 30, 550, 100);
    String budget =
        "m!bulletins/b5.xml: depot metadata exceeds the limit of 550 bytes inflated (zip bomb?)";
    String unparseable =
        assertThrows(
                org.esxforge.io.FormatException.class,
                () ->
                    org.esxforge.depot.xml.BulletinXml.parse(
                        meta.get("bulletins/b0.xml"), "m!bulletins/b0.xml"))
            .getMessage();
    for (long batch : new long[] {1, 150, 250, 1L << 30}) {
      Exception e =
          assertThrows(
              org.esxforge.io.FormatException.class,
              () -> MetadataZipReader.read(zip, "m", small, new AtomicLong(), batch));
      assertEquals(batch < 1000 ? unparseable : budget, e.getMessage(), "batches of " + batch);
      e =
          assertThrows(
              org.esxforge.io.FormatException.class,
              () -> MetadataZipReader.read(zip, "m", small, new AtomicLong(400), batch));
      assertEquals(
          batch == 1
              ? unparseable // b0 read and parsed before b1 is read
              : "m!bulletins/b1.xml: depot metadata exceeds the limit of 550 bytes inflated (zip"
                  + " bomb?)",
          e.getMessage(),
          "batches of " + batch + ", 400 bytes charged before");
    }
  }
}
