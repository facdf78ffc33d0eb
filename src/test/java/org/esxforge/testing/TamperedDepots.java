package org.esxforge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Builds hostile depots from a real VIB, the way an attacker would repackage one: the descriptor
 * edited, the {@code vibs/*.xml} metadata edited, the outer checksum and size fixed up (or not),
 * extra or duplicate zip entries. Independent of esxforge's own readers and writers (its own tiny
 * ar and metadata code, zips through commons-compress) so tests do not check esxforge with itself.
 */
public final class TamperedDepots {
  /** The base: a real, unsigned, community VIB (110 KiB). */
  public static final String BASE_VIB = "net-r8125-9.011.00-10.vib";

  private TamperedDepots() {}

  /** An ar member. */
  public record Member(String name, byte[] bytes) {}

  /** The real base VIB's bytes. */
  public static byte[] baseVib() {
    try {
      return Files.readAllBytes(Fixtures.real(BASE_VIB));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The members of an ar archive (GNU/BSD-free common form, as VIBs use). */
  public static List<Member> readAr(byte[] ar) {
    List<Member> out = new ArrayList<>();
    int off = 8;
    while (off + 60 <= ar.length) {
      String name = new String(ar, off, 16, StandardCharsets.US_ASCII).trim();
      if (name.endsWith("/")) {
        name = name.substring(0, name.length() - 1);
      }
      int size = Integer.parseInt(new String(ar, off + 48, 10, StandardCharsets.US_ASCII).trim());
      byte[] b = java.util.Arrays.copyOfRange(ar, off + 60, off + 60 + size);
      out.add(new Member(name, b));
      off += 60 + size + (size & 1);
    }
    return out;
  }

  /** An ar archive of {@code members}, VMware style (mtime, ids 0, mode 0, '\n' padding). */
  public static byte[] writeAr(List<Member> members) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("!<arch>\n".getBytes(StandardCharsets.US_ASCII));
    for (Member m : members) {
      String h =
          String.format(
              "%-16s%-12s%-6s%-6s%-8s%-10s`\n", m.name(), "0", "0", "0", "0", m.bytes().length);
      out.writeBytes(h.getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(m.bytes());
      if ((m.bytes().length & 1) == 1) {
        out.write('\n');
      }
    }
    return out.toByteArray();
  }

  /** The base VIB with its descriptor text edited (the signature, empty, stays as it is). */
  public static byte[] vibWithDescriptor(UnaryOperator<String> edit) {
    List<Member> members = new ArrayList<>();
    for (Member m : readAr(baseVib())) {
      if (m.name().equals("descriptor.xml")) {
        String d = new String(m.bytes(), StandardCharsets.UTF_8);
        members.add(new Member(m.name(), edit.apply(d).getBytes(StandardCharsets.UTF_8)));
      } else {
        members.add(m);
      }
    }
    return writeAr(members);
  }

  /** The descriptor text of {@code vib}. */
  public static String descriptorOf(byte[] vib) {
    for (Member m : readAr(vib)) {
      if (m.name().equals("descriptor.xml")) {
        return new String(m.bytes(), StandardCharsets.UTF_8);
      }
    }
    throw new IllegalArgumentException("no descriptor.xml");
  }

  /** A builder of one offline bundle holding one VIB. */
  public static Bundle bundle(byte[] vib) {
    return new Bundle(vib);
  }

  /** An offline bundle: {@code index.xml}, {@code vendor-index.xml}, metadata zip, the VIB. */
  public static final class Bundle {
    private final byte[] vib;
    private byte[] metadataVib;
    private String relativePath = "vib20/net-r8125/Realtek_bootbank_net-r8125_9.011.00-10.vib";
    private UnaryOperator<String> metadataEdit = UnaryOperator.identity();
    private String indexXml;
    private final Map<String, byte[]> extra = new LinkedHashMap<>();

    private Bundle(byte[] vib) {
      this.vib = vib;
      this.metadataVib = vib;
    }

    /**
     * The {@code vibs/*.xml} entry describes {@code other} (descriptor, size and SHA-256) instead
     * of the VIB the bundle holds: the outer metadata is not fixed up after an edit.
     */
    public Bundle metadataFrom(byte[] other) {
      this.metadataVib = other;
      return this;
    }

    /** Edits the {@code vibs/*.xml} text (after size and checksum were put in). */
    public Bundle editMetadata(UnaryOperator<String> edit) {
      this.metadataEdit = edit;
      return this;
    }

    /** Replaces {@code index.xml}. */
    public Bundle indexXml(String xml) {
      this.indexXml = xml;
      return this;
    }

    /** Adds a member to the bundle zip after the others (may repeat a name). */
    public Bundle extraEntry(String name, byte[] bytes) {
      extra.put(name + "\0" + extra.size(), bytes);
      return this;
    }

    /** The metadata text of the {@code vibs/*.xml} entry. */
    public String metadataXml() {
      String d = descriptorOf(metadataVib);
      String extraElements =
          "<relative-path>"
              + relativePath
              + "</relative-path><packed-size>"
              + metadataVib.length
              + "</packed-size><checksum checksum-type=\"sha-256\">"
              + sha256(metadataVib)
              + "</checksum>";
      return metadataEdit.apply(d.replace("</software-tags>", "</software-tags>" + extraElements));
    }

    public byte[] build() {
      Map<String, byte[]> meta = new LinkedHashMap<>();
      meta.put("vibs/net-r8125-1.xml", utf8(metadataXml()));
      List<Map.Entry<String, byte[]>> members = new ArrayList<>();
      members.add(Map.entry("index.xml", utf8(indexXml != null ? indexXml : INDEX)));
      members.add(Map.entry("vendor-index.xml", utf8(VENDOR_INDEX)));
      members.add(Map.entry("metadata.zip", zip(new ArrayList<>(meta.entrySet()))));
      members.add(Map.entry(relativePath, vib));
      for (Map.Entry<String, byte[]> e : extra.entrySet()) {
        members.add(Map.entry(e.getKey().substring(0, e.getKey().indexOf('\0')), e.getValue()));
      }
      return zip(members);
    }

    /** Writes the bundle to {@code file}; returns it. */
    public Path write(Path file) throws IOException {
      Files.write(file, build());
      return file;
    }
  }

  /**
   * A real depot zip whose metadata zip's XML members ({@code vmware.xml}, {@code vibs/*.xml},
   * bulletins) are all passed through {@code edit}; everything else is copied unchanged.
   */
  public static byte[] realWithMetadataEdit(Path realZip, UnaryOperator<String> edit)
      throws IOException {
    return realWithMetadataEditBytes(Files.readAllBytes(realZip), edit);
  }

  /** {@link #realWithMetadataEdit} on the bytes of a depot zip. */
  public static byte[] realWithMetadataEditBytes(byte[] zip, UnaryOperator<String> edit)
      throws IOException {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : entries(zip)) {
      out.add(
          e.getKey().endsWith("metadata.zip")
              ? Map.entry(e.getKey(), editXmlMembers(e.getValue(), edit))
              : e);
    }
    return zip(out);
  }

  /** A zip whose {@code *.xml} members are passed through {@code edit}, the rest unchanged. */
  public static byte[] editXmlMembers(byte[] zip, UnaryOperator<String> edit) throws IOException {
    List<Map.Entry<String, byte[]>> meta = new ArrayList<>();
    for (Map.Entry<String, byte[]> m : entries(zip)) {
      meta.add(
          m.getKey().endsWith(".xml")
              ? Map.entry(
                  m.getKey(), utf8(edit.apply(new String(m.getValue(), StandardCharsets.UTF_8))))
              : m);
    }
    return zip(meta);
  }

  /** The entries of a zip, in central-directory order, read with commons-compress. */
  public static List<Map.Entry<String, byte[]>> entries(byte[] zip) throws IOException {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    try (org.apache.commons.compress.archivers.zip.ZipFile z =
        org.apache.commons.compress.archivers.zip.ZipFile.builder()
            .setSeekableByteChannel(
                new org.apache.commons.compress.utils.SeekableInMemoryByteChannel(zip))
            .get()) {
      for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) {
        try (var in = z.getInputStream(e)) {
          out.add(Map.entry(e.getName(), in.readAllBytes()));
        }
      }
    }
    return out;
  }

  static final String INDEX =
      "<vendorList><vendor><name>Realtek</name><code>RTK</code>"
          + "<indexfile>vendor-index.xml</indexfile><patchUrl></patchUrl><relativePath></relativePath>"
          + "</vendor></vendorList>";
  static final String VENDOR_INDEX =
      "<metaList><metadata><productId>embeddedEsx</productId>"
          + "<version>7.0.0</version><locale></locale><url>metadata.zip</url>"
          + "<channelName>default</channelName></metadata></metaList>";

  /** A zip of the entries, in order, deflated (names may repeat). */
  public static byte[] zip(List<Map.Entry<String, byte[]>> entries) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(bos)) {
      for (Map.Entry<String, byte[]> e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.getKey());
        z.putArchiveEntry(ze);
        z.write(e.getValue());
        z.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  public static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
