package org.esxforge.depot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.MetadataDocument;
import org.esxforge.depot.xml.MetadataXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibMetadata;

/**
 * Reads a {@code metadata.zip} (esxi-formats.md §2.1) in one pass over its central directory:
 * {@code vmware.xml}, {@code vibs/*.xml}, {@code bulletins/*}, {@code profiles/*} and the 7.0+
 * release units ({@code baseimages/*}, {@code addons/*}). Other members are ignored. Stateless.
 */
final class MetadataZipReader {
  private static final long MAX_MEMBER = 64L << 20;

  private MetadataZipReader() {}

  /** What one metadata zip holds. */
  record Content(
      MetadataDocument vmwareXml,
      Map<VibId, VibMetadata> vibXml,
      List<Bulletin> bulletins,
      List<ImageProfile> profiles,
      List<ReleaseUnit> releaseUnits) {}

  static Content read(byte[] zipBytes, String source, DepotOptions options, AtomicLong budget)
      throws IOException {
    MetadataDocument doc = null;
    Map<VibId, VibMetadata> vibs = new LinkedHashMap<>();
    List<Bulletin> bulletins = new ArrayList<>();
    List<ImageProfile> profiles = new ArrayList<>();
    List<ReleaseUnit> units = new ArrayList<>();
    try (SafeZip zip = SafeZip.open(zipBytes, source, options, budget)) {
      for (String name : zip.names()) {
        ZipArchiveEntry e = zip.entry(name);
        if (e.isDirectory()) {
          continue;
        }
        String where = source + "!" + name;
        if (name.equals("vmware.xml")) {
          doc = MetadataXml.parse(zip.read(e, MetadataXml.MAX_BYTES), where);
        } else if (name.startsWith("vibs/")) {
          VibMetadata m = DescriptorXml.parseMetadata(zip.read(e, MAX_MEMBER), where);
          vibs.putIfAbsent(m.descriptor().id(), m);
        } else if (name.startsWith("bulletins/")) {
          bulletins.add(BulletinXml.parse(zip.read(e, BulletinXml.MAX_BYTES), where));
        } else if (name.startsWith("profiles/")) {
          profiles.add(ProfileXml.parse(zip.read(e, ProfileXml.MAX_BYTES), where));
        } else if (BaseImageJson.isReleaseUnitMember(name)) {
          units.add(BaseImageJson.parse(zip.read(e, BaseImageJson.MAX_BYTES), source, name));
        }
      }
    }
    if (doc == null && vibs.isEmpty() && bulletins.isEmpty() && profiles.isEmpty()) {
      throw new org.esxforge.io.FormatException(source,
          "not a metadata zip: no vmware.xml, vibs/, bulletins/ or profiles/ member");
    }
    return new Content(doc, vibs, bulletins, profiles, units);
  }
}
