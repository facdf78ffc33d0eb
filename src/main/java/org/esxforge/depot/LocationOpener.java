package org.esxforge.depot;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.esxforge.depot.xml.DepotIndexXml;
import org.esxforge.io.AtomicFiles;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;
import org.esxforge.io.Parents;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jspecify.annotations.Nullable;

/**
 * Turns one location string into a loaded depot, detecting its kind from its bytes. Resources it
 * opens (zips, temporary files) are added to the shared list, which the catalog closes. Not
 * thread-safe; one instance per location.
 */
final class LocationOpener {
  private static final List<String> INDEX_NAMES = List.of("index.xml", "vmw-depot-index.xml");

  private final Depots.Context ctx;
  private final List<Closeable> resources;

  LocationOpener(Depots.Context ctx, List<Closeable> resources) {
    this.ctx = ctx;
    this.resources = resources;
  }

  DepotLoader.Loaded open(String loc) throws IOException {
    String shown = Locations.redact(loc);
    if (Locations.isHttp(loc)) {
      return openHttp(loc, shown);
    }
    Path p = Depots.localPath(loc);
    if (Files.isDirectory(p)) {
      return openDirectory(p, shown);
    }
    if (!Files.exists(p)) {
      throw new DepotAccessException(shown, -1, "no such file or directory", null, null);
    }
    return openFile(p, shown, 0);
  }

  private DepotLoader.Loaded openFile(Path p, String shown, int depth) throws IOException {
    byte[] head = Depots.head(p);
    Detector.Signature sig = Detector.detect(head, head.length);
    return switch (sig) {
      case ZIP -> openZip(p, shown, depth);
      case AR -> looseVib(p, shown);
      case XML -> openIndexFile(p, shown);
      case ISO9660 -> new InstallerIso(p, shown, ctx, resources).load();
      default -> throw Depots.notADepot(shown, Detector.describe(sig, head, head.length));
    };
  }

  /** A local {@code index.xml} given directly: its directory is the depot. */
  private DepotLoader.Loaded openIndexFile(Path p, String shown) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    if (bytes.length > DepotIndexXml.MAX_BYTES) {
      throw Depots.notADepot(shown, "XML document of " + bytes.length + " bytes");
    }
    Path dir = Parents.of(p);
    URI index = DepotTree.LOCAL_ROOT.resolve(Parents.nameOf(p));
    requireDepotIndex(bytes, shown);
    return new DepotLoader(new DepotTree.DirTree(dir), shown, ctx)
        .load(index, bytes, null, DepotKind.DIRECTORY);
  }

  private static void requireDepotIndex(byte[] xml, String shown) throws FormatException {
    org.esxforge.io.Xml.requireNoDoctype(xml, shown);
    String text = new String(xml, 0, Math.min(xml.length, 4096), StandardCharsets.UTF_8);
    if (!text.contains("<vendorList") && !text.contains("<vendor>")) {
      throw Depots.notADepot(shown, "XML document that is not a depot index (no <vendorList>)");
    }
  }

  private DepotLoader.Loaded openDirectory(Path dir, String shown) throws IOException {
    List<String> names = Depots.list(dir);
    if (names.isEmpty()) {
      throw Depots.notADepot(shown, "empty directory");
    }
    DepotTree tree = new DepotTree.DirTree(dir);
    for (String n : INDEX_NAMES) {
      if (names.contains(n) && Files.isRegularFile(dir.resolve(n))) {
        byte[] b = tree.read(DepotTree.LOCAL_ROOT.resolve(n), DepotIndexXml.MAX_BYTES);
        return new DepotLoader(tree, shown, ctx)
            .load(DepotTree.LOCAL_ROOT.resolve(n), b, null, DepotKind.DIRECTORY);
      }
    }
    if (names.contains("vendor-index.xml")) {
      return new DepotLoader(tree, shown, ctx).load(null, null, null, DepotKind.DIRECTORY);
    }
    DepotLoader.Loaded folder = openPackageFolder(dir, names, shown);
    if (folder != null) {
      return folder;
    }
    throw Depots.notADepot(
        shown,
        "directory without index.xml, vmw-depot-index.xml or"
            + " vendor-index.xml, and without .vib files or bundle/component zips");
  }

  /**
   * A plain folder of packages (ESXi-Customizer-PS {@code -pkgDir}): every regular file in it whose
   * bytes say VIB ({@code ar}) or zip (an offline bundle, component zip or wrapped bundle) is read,
   * in name order, and they form one depot named after the folder. Other files (a README,
   * checksums) are skipped; a zip or VIB that cannot be read fails with its own one-line message.
   * Returns null when the folder holds no package at all.
   */
  private DepotLoader.@Nullable Loaded openPackageFolder(Path dir, List<String> names, String shown)
      throws IOException {
    java.util.Map<org.esxforge.model.VibId, CatalogVib> vibs = new java.util.TreeMap<>();
    java.util.Map<String, org.esxforge.model.Bulletin> bulletins = new java.util.TreeMap<>();
    java.util.Map<String, org.esxforge.model.ImageProfile> profiles = new java.util.TreeMap<>();
    java.util.Map<String, org.esxforge.depot.xml.ReleaseUnit> units = new java.util.TreeMap<>();
    int packages = 0;
    for (String n : names) {
      Path f = dir.resolve(n);
      if (!Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      byte[] head = Depots.head(f);
      Detector.Signature sig = Detector.detect(head, head.length);
      if (sig != Detector.Signature.AR && sig != Detector.Signature.ZIP) {
        continue;
      }
      String member = shown + (shown.endsWith("/") ? "" : "/") + n;
      DepotLoader.Loaded l =
          sig == Detector.Signature.AR ? looseVib(f, member) : openZip(f, member, 0);
      packages++;
      for (CatalogVib v : l.vibs()) {
        CatalogVib here = v.atDepots(Set.of(shown));
        vibs.putIfAbsent(v.id(), here);
      }
      l.bulletins().forEach(b -> bulletins.putIfAbsent(b.id(), b));
      l.profiles().forEach(p -> profiles.putIfAbsent(p.name(), p));
      l.releaseUnits().forEach(u -> units.putIfAbsent(u.effectiveId(), u));
    }
    if (packages == 0) {
      return null;
    }
    ctx.events()
        .info(shown + ": package folder, " + packages + " packages, " + vibs.size() + " VIBs");
    DepotInfo info =
        new DepotInfo(
            shown,
            DepotKind.PACKAGE_FOLDER,
            List.of(),
            List.of(),
            vibs.size(),
            bulletins.size(),
            profiles.size(),
            units.size());
    return new DepotLoader.Loaded(
        info,
        List.copyOf(vibs.values()),
        List.copyOf(bulletins.values()),
        List.copyOf(profiles.values()),
        List.copyOf(units.values()));
  }

  private DepotLoader.Loaded openZip(Path p, String shown, int depth) throws IOException {
    SafeZip zip = SafeZip.open(p, shown, ctx.options(), new AtomicLong());
    resources.add(zip);
    DepotTree tree = new DepotTree.ZipTree(zip);
    if (zip.entry("index.xml") != null) {
      URI index = DepotTree.LOCAL_ROOT.resolve("index.xml");
      byte[] b = tree.read(index, DepotIndexXml.MAX_BYTES);
      return new DepotLoader(tree, shown, ctx).load(index, b, null, null);
    }
    if (zip.entry("vmware.xml") != null) {
      throw Depots.notADepot(
          shown, "a metadata zip (give the offline bundle or depot that contains it)");
    }
    if (zip.entry("vendor-index.xml") != null) {
      return new DepotLoader(tree, shown, ctx).load(null, null, null, null);
    }
    if (depth == 0) {
      for (String name : zip.names()) {
        SafeZip.Entry e = Objects.requireNonNull(zip.entry(name), name); // one of its names
        if (!e.isDirectory() && startsWithZipMagic(zip, e)) {
          DepotLoader.Loaded inner = unwrap(zip, e, shown);
          if (inner != null) {
            return inner;
          }
        }
      }
    }
    throw Depots.notADepot(
        shown, "zip archive without index.xml, vendor-index.xml or a wrapped offline bundle");
  }

  private static boolean startsWithZipMagic(SafeZip zip, SafeZip.Entry e) throws IOException {
    try (InputStream in = zip.open(e)) {
      byte[] m = in.readNBytes(4);
      return Detector.detect(m, m.length) == Detector.Signature.ZIP;
    }
  }

  /** Extracts a nested zip to a temporary file; returns null when it is not a bundle. */
  private DepotLoader.@Nullable Loaded unwrap(SafeZip outer, SafeZip.Entry e, String shown)
      throws IOException {
    Path tmp = tempFile("unwrapped-", ".zip");
    AtomicFiles.writeStreamUnforced( // a temp copy
        tmp,
        out -> {
          try (InputStream in = outer.open(e)) {
            in.transferTo(out);
          }
        });
    String innerName = shown + "!" + e.getName();
    SafeZip inner = SafeZip.open(tmp, innerName, ctx.options(), new AtomicLong());
    resources.add(inner);
    if (inner.entry("index.xml") == null && inner.entry("vendor-index.xml") == null) {
      return null;
    }
    ctx.events().info(shown + ": unwrapping the offline bundle '" + e.getName() + "' inside it");
    DepotTree tree = new DepotTree.ZipTree(inner);
    URI index = inner.entry("index.xml") != null ? DepotTree.LOCAL_ROOT.resolve("index.xml") : null;
    byte[] b = index == null ? null : tree.read(index, DepotIndexXml.MAX_BYTES);
    return new DepotLoader(tree, shown, ctx).load(index, b, null, DepotKind.WRAPPED_BUNDLE);
  }

  /** A temporary file deleted when the catalog closes. */
  private Path tempFile(String prefix, String suffix) throws IOException {
    Files.createDirectories(ctx.options().tempDir());
    Path tmp = Files.createTempFile(ctx.options().tempDir(), "esxforge-" + prefix, suffix);
    resources.add(() -> Files.deleteIfExists(tmp));
    return tmp;
  }

  private DepotLoader.Loaded looseVib(Path p, String shown) throws IOException {
    VibDescriptor d;
    boolean signed;
    long size;
    try (VibFile vib = VibFile.open(p)) {
      d = vib.descriptor();
      VibMember sig = vib.member(VibMember.SIGNATURE);
      signed = sig != null && sig.size() > 0;
      size = vib.size();
    }
    VibSource src = new Sources.FileRegion(p, 0, size, size, shown);
    CatalogVib v = new CatalogVib(d, Parents.nameOf(p), size, null, Set.of(shown), src, signed);
    DepotInfo info = new DepotInfo(shown, DepotKind.VIB, List.of(), List.of(), 1, 0, 0, 0);
    return new DepotLoader.Loaded(info, List.of(v), List.of(), List.of(), List.of());
  }

  private DepotLoader.Loaded openHttp(String loc, String shown) throws IOException {
    URI u;
    try {
      u = new URI(loc.trim());
    } catch (URISyntaxException e) {
      throw new DepotAccessException(shown, -1, "invalid URL", null, e);
    }
    byte[] head;
    DepotAccessException notFound = null;
    try (InputStream in = new BufferedInputStream(ctx.fetcher().open(u), 1 << 16)) {
      in.mark(Detector.HEAD_BYTES + 1);
      head = in.readNBytes(Detector.HEAD_BYTES);
      Detector.Signature sig = Detector.detect(head, head.length);
      switch (sig) {
        case XML -> {
          in.reset();
          byte[] xml = readBounded(in, DepotIndexXml.MAX_BYTES, shown);
          return loadOnlineIndex(u, xml, shown);
        }
        case ZIP, AR -> {
          in.reset();
          Path tmp = tempFile("download-", sig == Detector.Signature.ZIP ? ".zip" : ".vib");
          AtomicFiles.writeStreamUnforced(tmp, in::transferTo); // a temp copy
          DepotLoader.Loaded l = openFile(tmp, shown, 0);
          return l;
        }
        case HTML -> {
          in.reset();
          byte[] html = readBounded(in, 16L << 20, shown);
          return openFolder(u, html, shown, null);
        }
        default -> throw Depots.notADepot(shown, Detector.describe(sig, head, head.length));
      }
    } catch (DepotAccessException e) {
      if (e.status() != 404) {
        throw e;
      }
      notFound = e;
    }
    return openFolder(u, null, shown, notFound);
  }

  private DepotLoader.Loaded loadOnlineIndex(URI u, byte[] xml, String shown) throws IOException {
    requireDepotIndex(xml, shown);
    DepotTree tree =
        new DepotTree.HttpTree(ctx.fetcher(), Locations.parent(ctx.fetcher().location(u)));
    return new DepotLoader(tree, shown, ctx).load(u, xml, null, DepotKind.ONLINE);
  }

  /** A folder URL: try the index names, then links found in its HTML listing. */
  private DepotLoader.Loaded openFolder(
      URI u, byte @Nullable [] html, String shown, @Nullable DepotAccessException notFound)
      throws IOException {
    URI dir = u.getPath() != null && u.getPath().endsWith("/") ? u : URI.create(u + "/");
    DepotTree.HttpTree tree = new DepotTree.HttpTree(ctx.fetcher(), dir);
    for (String n : INDEX_NAMES) {
      URI index = dir.resolve(n);
      byte[] b = tree.read(index, DepotIndexXml.MAX_BYTES);
      if (b != null) {
        return loadOnlineIndex(index, b, shown);
      }
    }
    if (html != null) {
      Element root = Jsoup.parse(new String(html, StandardCharsets.UTF_8), u.toString());
      for (Element a : root.select("a[href]")) {
        String abs = a.absUrl("href");
        String last = abs.replaceAll("[?#].*$", "");
        last = last.substring(last.lastIndexOf('/') + 1);
        if (INDEX_NAMES.contains(last) && Locations.isHttp(abs)) {
          URI index = URI.create(abs);
          byte[] b = tree.read(index, DepotIndexXml.MAX_BYTES);
          if (b != null) {
            return loadOnlineIndex(index, b, shown);
          }
        }
      }
    }
    if (notFound != null) {
      throw notFound;
    }
    throw Depots.notADepot(shown, "HTML page without a link to index.xml or vmw-depot-index.xml");
  }

  private static byte[] readBounded(InputStream in, long max, String shown) throws IOException {
    byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    if (b.length > max) {
      throw new FormatException(shown, "document larger than " + max + " bytes");
    }
    return b;
  }
}
