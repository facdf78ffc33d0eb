package org.esxforge.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.esxforge.depot.xml.BaseImageJson;
import org.esxforge.depot.xml.BulletinXml;
import org.esxforge.depot.xml.DepotIndex;
import org.esxforge.depot.xml.DepotIndexXml;
import org.esxforge.depot.xml.MetadataXml;
import org.esxforge.depot.xml.ProfileXml;
import org.esxforge.depot.xml.ReleaseUnit;
import org.esxforge.depot.xml.VendorIndex;
import org.esxforge.depot.xml.VendorIndexXml;
import org.esxforge.depot.xml.VibSummary;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.ContainedPaths;
import org.esxforge.io.HashingChannel;
import org.esxforge.io.NonClosingOutputStream;
import org.esxforge.io.Parents;
import org.esxforge.io.Sha256;
import org.esxforge.io.TempDirectories;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibMetadata;
import org.esxforge.vib.VibWriter;

/**
 * Writes a depot in both forms a user meets (docs/formats.md §1–§3):
 *
 * <ul>
 *   <li>{@link #writeFolder}: an online-style folder any web server can serve: {@code index.xml},
 *       {@code vendor-index.xml}, {@code metadata.zip}, {@code vib20/<name>/<id>.vib};
 *   <li>{@link #writeZip}: an offline bundle zip with the same members in VMware's order: {@code
 *       index.xml}, {@code vendor-index.xml}, {@code metadata.zip}, then the VIBs.
 * </ul>
 *
 * {@code metadata.zip} holds, in this order: {@code vendor-index.xml} (byte-identical to the root
 * one), {@code vmware.xml}, {@code vibs/<name>-<python2 hash>.xml}, {@code bulletins/<id>.xml},
 * {@code profiles/<name>.xml} and {@code baseimages/…}/{@code addons/…} release units. Every zip is
 * deterministic: members sorted within their group, all deflated, no directory entries, Unix mode
 * 0644, and every entry time the content's timestamp written as the same DOS date/time in any time
 * zone. VIB bytes are copied unchanged from their sources (deflated at level 0: stored blocks, as
 * their payloads are compressed already). Output is atomic: a zip goes through a temp file, a
 * folder is built beside the target and moved into place; nothing partial is left on failure.
 * Neither is forced to disk: like the ISO ({@code BuiltinIsoWriter}), a depot is made again from
 * its inputs (see {@link AtomicFiles}).
 *
 * <p>Thread-safe (stateless).
 */
public final class DepotWriter {
  /** The metadata zip's name in the vendor index and on disk. */
  public static final String METADATA_ZIP = "metadata.zip";

  /**
   * The bytes a streamed {@code metadata.zip} is assumed to take at most when deciding whether the
   * bundle needs Zip64 (a 20,000-VIB depot's is 18.7 MB; a larger one makes the writer start over
   * with the exact size).
   */
  static final long METADATA_RESERVE = 1L << 30;

  private DepotWriter() {}

  /**
   * Writes the offline bundle zip {@code target}; returns the SHA-256 of the bytes written,
   * computed on their way out (the file is not read back).
   */
  public static Sha256 writeZip(DepotContent c, Path target) throws IOException {
    return writeZip(c, target, true);
  }

  /**
   * {@link #writeZip(DepotContent, Path)}, through {@link ZipArchiveOutputStream} unless {@code
   * assemble} and the zip needs no Zip64 records (the same bytes either way).
   */
  static Sha256 writeZip(DepotContent c, Path target, boolean assemble) throws IOException {
    return writeZip(c, target, assemble, EntriesAhead.MAX_ENTRY);
  }

  /**
   * {@link #writeZip(DepotContent, Path, boolean)}; VIBs of up to {@code aheadMaxEntry} bytes are
   * made on another thread while this one writes what precedes them ({@link EntriesAhead}).
   */
  static Sha256 writeZip(DepotContent c, Path target, boolean assemble, long aheadMaxEntry)
      throws IOException {
    return writeZip(c, target, assemble, aheadMaxEntry, METADATA_RESERVE);
  }

  /**
   * {@link #writeZip(DepotContent, Path, boolean, long)}. An assembled zip streams {@code
   * metadata.zip} into the bundle while its members are made, assuming it takes at most {@code
   * metadataReserve} bytes for the Zip64 decision; when it turns out larger, the zip is written
   * again from the whole {@code metadata.zip}, so the decision is the exact one either way.
   */
  static Sha256 writeZip(
      DepotContent c, Path target, boolean assemble, long aheadMaxEntry, long metadataReserve)
      throws IOException {
    List<DepotContent.Vib> vibs = sortedVibs(c);
    if (assemble) {
      List<Map.Entry<String, AtomicFiles.StreamWriter>> meta = metadataEntries(c);
      Map<String, byte[]> small = smallHeadMembers(c);
      long bound = deflatedBound(METADATA_ZIP, metadataReserve) + vibsBound(vibs);
      for (Map.Entry<String, byte[]> e : small.entrySet()) {
        bound += deflatedBound(e.getKey(), e.getValue().length);
      }
      if (ZipAssembly.fits(meta.size(), 0) && ZipAssembly.fits(3L + vibs.size(), bound)) {
        try {
          return AtomicFiles.writeUnforced(
              target,
              ch -> {
                try (HashingChannel hashing = HashingChannel.of(ch)) {
                  OutputStream out = buffered(hashing);
                  ZipAssembly.Sink zip = new ZipAssembly.Sink(out, dosTime(c.timestamp()));
                  try (EntriesAhead ahead = vibsAhead(vibs, target, aheadMaxEntry)) {
                    writeHead(zip, small, c, meta, metadataReserve);
                    writeVibs(zip, vibs, ahead);
                  }
                  zip.finish();
                  out.flush();
                  return hashing.digest();
                }
              });
        } catch (MetadataOverReserve e) {
          // metadata.zip larger than assumed: the exact bound decides below
        }
      }
    }
    Map<String, byte[]> head = headMembers(c);
    return AtomicFiles.writeUnforced(
        target,
        ch -> {
          try (HashingChannel hashing = HashingChannel.of(ch)) {
            writeZip(c, target, head, vibs, hashing, assemble, aheadMaxEntry);
            return hashing.digest();
          }
        });
  }

  /** {@code metadata.zip} took more than the bytes reserved for it. */
  private static final class MetadataOverReserve extends IOException {
    private static final long serialVersionUID = 1L;

    MetadataOverReserve(long size) {
      super("metadata.zip: " + size + " bytes, more than reserved");
    }
  }

  /**
   * {@code index.xml}, {@code vendor-index.xml}, then {@code metadata.zip} deflated as it is
   * written, its members made on the common pool and this thread ({@link OrderedMembers}).
   */
  private static void writeHead(
      ZipAssembly.Sink zip,
      Map<String, byte[]> small,
      DepotContent c,
      List<Map.Entry<String, AtomicFiles.StreamWriter>> meta,
      long metadataReserve)
      throws IOException {
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
      for (Map.Entry<String, byte[]> e : small.entrySet()) {
        try (OutputStream o = zip.entry(ContainedPaths.member("zip archive", e.getKey()), d)) {
          o.write(e.getValue());
        }
      }
      long size;
      try (OutputStream o = ZipAssembly.inWholeSlices(zip.entry(METADATA_ZIP, d))) {
        size = writeMetadataZip(c, meta, o);
      }
      if (size > metadataReserve) {
        throw new MetadataOverReserve(size);
      }
    }
  }

  private static OutputStream buffered(HashingChannel ch) {
    // not closed: the channel belongs to AtomicFiles, which moves it
    return new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
  }

  private static long vibsBound(List<DepotContent.Vib> vibs) {
    long bound = 0;
    for (DepotContent.Vib v : vibs) {
      bound += deflatedBound(v.relativePath(), v.size());
    }
    return bound;
  }

  private static void writeZip(
      DepotContent c,
      Path target,
      Map<String, byte[]> head,
      List<DepotContent.Vib> vibs,
      HashingChannel ch,
      boolean assemble,
      long aheadMaxEntry)
      throws IOException {
    OutputStream out = buffered(ch);
    long bound = vibsBound(vibs);
    for (Map.Entry<String, byte[]> e : head.entrySet()) {
      bound += deflatedBound(e.getKey(), e.getValue().length);
    }
    if (!assemble || !ZipAssembly.fits(head.size() + (long) vibs.size(), bound)) {
      writeZipStream(c, target, head, vibs, out);
      out.flush();
      return;
    }
    // the bytes ZipArchiveOutputStream would write, without its per-entry cost (40,000 entries
    // in a 20,000-VIB bundle)
    ZipAssembly.Sink zip = new ZipAssembly.Sink(out, dosTime(c.timestamp()));
    // the VIB entries are made on another core while this thread deflates metadata.zip
    try (EntriesAhead ahead = vibsAhead(vibs, target, aheadMaxEntry)) {
      try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.DEFAULT_COMPRESSION)) {
        for (Map.Entry<String, byte[]> e : head.entrySet()) {
          try (OutputStream o = zip.entry(ContainedPaths.member("zip archive", e.getKey()), d)) {
            o.write(e.getValue());
          }
        }
      }
      writeVibs(zip, vibs, ahead);
    }
    zip.finish();
    out.flush();
  }

  private static EntriesAhead vibsAhead(
      List<DepotContent.Vib> vibs, Path target, long aheadMaxEntry) throws IOException {
    List<String> names = new ArrayList<>(vibs.size());
    List<VibWriter.Source> sources = new ArrayList<>(vibs.size());
    for (DepotContent.Vib v : vibs) {
      names.add(ContainedPaths.member(target.toString(), v.relativePath()));
      sources.add(v.source());
    }
    return EntriesAhead.start(names, sources, aheadMaxEntry);
  }

  /** The VIBs: deflate's stored blocks (level 0), see writeZipStream. */
  private static void writeVibs(
      ZipAssembly.Sink zip, List<DepotContent.Vib> vibs, EntriesAhead ahead) throws IOException {
    try (ZipAssembly.Deflating d = new ZipAssembly.Deflating(Deflater.NO_COMPRESSION)) {
      for (int i = 0; i < vibs.size(); i++) {
        ZipAssembly.Member m = ahead.take(i);
        if (m != null) {
          zip.put(m);
          continue;
        }
        try (OutputStream o = zip.entry(ahead.name(i), d)) {
          vibs.get(i).source().writeTo(o);
        }
      }
    }
  }

  /**
   * More than a zip's bytes could take for an entry of {@code size} bytes named {@code name}:
   * headers, data descriptor, central directory record, and deflate's worst-case growth.
   */
  private static long deflatedBound(String name, long size) {
    return size + size / 64 + 4 * (long) name.length() + 4096;
  }

  /** The zip through ZipArchiveOutputStream, which writes Zip64 records where they are needed. */
  private static void writeZipStream(
      DepotContent c,
      Path target,
      Map<String, byte[]> head,
      List<DepotContent.Vib> vibs,
      OutputStream out)
      throws IOException {
    ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out);
    for (Map.Entry<String, byte[]> e : head.entrySet()) {
      putEntry(zip, e.getKey(), c.timestamp(), o -> o.write(e.getValue()));
    }
    // VIBs: deflate's stored blocks (level 0). Their payloads are compressed already: level 6 saves
    // nothing on such bytes and runs at ~25 MB/s here (level 0: GB/s); still "deflated", as
    // VMware's
    zip.setLevel(Deflater.NO_COMPRESSION);
    for (DepotContent.Vib v : vibs) {
      putEntry(
          zip,
          ContainedPaths.member(target.toString(), v.relativePath()),
          c.timestamp(),
          v.source()::writeTo);
    }
    zip.finish();
    zip.flush();
  }

  /** Writes the online-style folder {@code target}, replacing it if it exists. */
  public static void writeFolder(DepotContent c, Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(Parents.of(abs));
    Path tmp = Files.createTempDirectory(Parents.of(abs), "." + Parents.nameOf(abs) + ".");
    boolean done = false;
    try {
      for (Map.Entry<String, byte[]> e : headMembers(c).entrySet()) {
        Files.write(ContainedPaths.resolve(tmp, e.getKey()), e.getValue());
      }
      for (DepotContent.Vib v : sortedVibs(c)) {
        Path f = ContainedPaths.resolve(tmp, v.relativePath());
        Files.createDirectories(Parents.of(f));
        try (OutputStream out = Files.newOutputStream(f)) {
          v.source().writeTo(out);
        }
      }
      readableByAll(tmp);
      Path old = null;
      if (Files.exists(abs)) {
        old = Files.createTempDirectory(Parents.of(abs), "." + Parents.nameOf(abs) + ".old.");
        Files.delete(old);
        Files.move(abs, old);
      }
      AtomicFiles.move(tmp, abs);
      done = true;
      if (old != null) {
        TempDirectories.deleteTree(old);
      }
    } finally {
      if (!done) {
        TempDirectories.deleteTree(tmp);
      }
    }
  }

  /** The bytes of {@code metadata.zip}. */
  public static byte[] metadataZip(DepotContent c) {
    List<Map.Entry<String, AtomicFiles.StreamWriter>> entries = metadataEntries(c);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (ZipAssembly.fits(entries.size(), 0)) {
        writeMetadataZip(c, entries, bytes);
      } else {
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
          for (Map.Entry<String, AtomicFiles.StreamWriter> e : entries) {
            putEntry(zip, e.getKey(), c.timestamp(), e.getValue());
          }
          zip.finish();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Writes {@code metadata.zip} of {@code entries} (fewer than a zip without Zip64 holds) to {@code
   * out}; returns its size. Every member is made and deflated on every core (each on its own: a
   * 20,000-VIB depot's 40,000 members were a fifth of its bundle's time on one core) and written in
   * order as soon as it is ready.
   */
  private static long writeMetadataZip(
      DepotContent c, List<Map.Entry<String, AtomicFiles.StreamWriter>> entries, OutputStream out)
      throws IOException {
    for (Map.Entry<String, AtomicFiles.StreamWriter> e : entries) {
      ContainedPaths.member("zip archive", e.getKey());
    }
    ZipAssembly.Sink sink = new ZipAssembly.Sink(out, dosTime(c.timestamp()));
    OrderedMembers.forEachWritten(entries, sink::put);
    sink.finish();
    return sink.offset();
  }

  /** The members of {@code metadata.zip}, in order, each made on demand. */
  private static List<Map.Entry<String, AtomicFiles.StreamWriter>> metadataEntries(DepotContent c) {
    Map<String, AtomicFiles.StreamWriter> members = new LinkedHashMap<>();
    byte[] vendorIndex = vendorIndex(c);
    members.put("vendor-index.xml", o -> o.write(vendorIndex));
    Map<VibId, VibSummary> summaries = new HashMap<>();
    TreeMap<String, AtomicFiles.StreamWriter> vibs = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    List<DepotContent.Vib> sorted = sortedVibs(c);
    for (DepotContent.Vib v : sorted) {
      VibDescriptor d = v.descriptor();
      VibId id = d.id();
      if (!seen.add(id.value())) {
        throw new IllegalArgumentException("VIB " + id + " given twice");
      }
      summaries.put(id, VibSummary.of(d, v.relativePath(), v.size(), v.sha256()));
      vibs.put(
          "vibs/" + DescriptorXml.metadataFileName(id, d.name()),
          o ->
              o.write(
                  DescriptorXml.writeMetadata(
                      new VibMetadata(d, v.relativePath(), v.size(), v.sha256()))));
    }
    List<Bulletin> bulletins = new ArrayList<>(c.bulletins());
    bulletins.sort(Comparator.comparing(Bulletin::id));
    // streamed: 28 MB for 20,000 VIBs, never held whole
    members.put(
        "vmware.xml",
        o -> {
          try (OutputStream pieces = ZipAssembly.inWholeSlices(new NonClosingOutputStream(o))) {
            MetadataXml.writeTo(bulletins, summaries, c.timestamp(), pieces);
          }
        });
    members.putAll(vibs);
    for (Bulletin b : bulletins) {
      members.put("bulletins/" + b.id() + ".xml", o -> o.write(BulletinXml.write(b)));
    }
    TreeMap<String, AtomicFiles.StreamWriter> rest = new TreeMap<>();
    for (ImageProfile p : c.profiles()) {
      if (rest.put("profiles/" + p.name() + ".xml", o -> o.write(ProfileXml.write(p))) != null) {
        throw new IllegalArgumentException("profile " + p.name() + " given twice");
      }
    }
    for (ReleaseUnit u : c.releaseUnits()) {
      rest.put(BaseImageJson.memberPath(u), o -> o.write(BaseImageJson.write(u)));
    }
    members.putAll(rest);
    return new ArrayList<>(members.entrySet());
  }

  private static Map<String, byte[]> headMembers(DepotContent c) {
    Map<String, byte[]> m = smallHeadMembers(c);
    m.put(METADATA_ZIP, metadataZip(c));
    return m;
  }

  /** {@code index.xml} and {@code vendor-index.xml}. */
  private static Map<String, byte[]> smallHeadMembers(DepotContent c) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("index.xml", DepotIndexXml.write(new DepotIndex(List.of(c.vendor()))));
    m.put("vendor-index.xml", vendorIndex(c));
    return m;
  }

  private static byte[] vendorIndex(DepotContent c) {
    List<VendorIndex.Metadata> entries = new ArrayList<>();
    for (String v : c.versions()) {
      entries.add(VendorIndex.Metadata.of(v, METADATA_ZIP));
    }
    return VendorIndexXml.write(new VendorIndex(entries));
  }

  private static List<DepotContent.Vib> sortedVibs(DepotContent c) {
    List<DepotContent.Vib> vibs = new ArrayList<>(c.vibs());
    vibs.sort(Comparator.comparing(DepotContent.Vib::relativePath));
    return vibs;
  }

  private static void putEntry(
      ZipArchiveOutputStream zip, String name, Instant time, AtomicFiles.StreamWriter body)
      throws IOException {
    ZipArchiveEntry e = new ZipArchiveEntry(ContainedPaths.member("zip archive", name));
    e.setMethod(ZipArchiveEntry.DEFLATED);
    e.setUnixMode(0100644);
    e.setTime(dosTime(time));
    zip.putArchiveEntry(e);
    body.write(zip);
    zip.closeArchiveEntry();
  }

  /**
   * The Java time whose local-zone DOS date/time equals {@code t}'s UTC date/time, so that the zip
   * bytes do not depend on the machine's time zone.
   */
  static long dosTime(Instant t) {
    LocalDateTime utc = LocalDateTime.ofInstant(t, ZoneOffset.UTC).withNano(0);
    return utc.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
  }

  /**
   * Makes a tree world-readable (directories 0755, files 0644) where the file system has POSIX
   * permissions: temp directories and files start as 0700/0600, and a depot folder must be readable
   * by a web server. No-op elsewhere.
   */
  public static void readableByAll(Path root) throws IOException {
    if (!root.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path q : walk.toList()) {
        Files.setPosixFilePermissions(
            q,
            java.nio.file.attribute.PosixFilePermissions.fromString(
                Files.isDirectory(q) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }
}
