package org.esxforge.depot;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.esxforge.io.DepotAccessException;
import org.esxforge.io.FormatException;
import org.jspecify.annotations.Nullable;

/**
 * The files of one depot, addressed by URI so that §1.3 resolution ({@code urljoin}) works the same
 * for every kind: http(s) URIs for online depots, and {@code esxforge:/<member>} URIs for the
 * members of a zip or the files below a directory. Implementations are thread-safe.
 */
interface DepotTree {
  /** The URI of local members' root: {@code esxforge:/}. */
  URI LOCAL_ROOT = URI.create("esxforge:/");

  /** Where {@code u}'s content came from after redirects (relative references resolve there). */
  default URI located(URI u) {
    return u;
  }

  /** The directory URI the depot index is resolved against. */
  URI root();

  /** For messages: {@code bundle.zip!vib20/x.vib}, a file path, or a redacted URL. */
  String describe(URI u);

  /** The whole file, or null when it does not exist. */
  byte @Nullable [] read(URI u, long maxBytes) throws IOException;

  /** A source for the VIB at {@code u}, or null when it does not exist. */
  @Nullable VibSource vib(URI u, long expectedSize) throws IOException;

  /**
   * As {@link #vib} for the member {@code member} of a local tree (a path below the root, checked
   * as {@link #member} checks it); what {@link DepotLoader} uses when it can name a VIB's member
   * without building its URI. Online trees have no members.
   */
  default @Nullable VibSource vibAt(String member, long expectedSize) throws IOException {
    throw new UnsupportedOperationException("not a local depot");
  }

  /** True when bytes are local (cheap to peek at). */
  boolean local();

  /**
   * Drops what is held for {@code u}, whose content turned out unusable; true when reading it again
   * fetches it anew (see {@link DepotFetcher#discard}). Local files: false.
   */
  default boolean discard(URI u) throws IOException {
    return false;
  }

  /** The member path of a local URI, refusing anything outside the root. */
  static String member(URI u, String where) throws FormatException {
    String p = u.getPath() == null ? "" : u.getPath();
    String m = p.startsWith("/") ? p.substring(1) : p;
    for (String seg : m.split("/", -1)) {
      if (seg.equals("..")) {
        throw new FormatException(
            where, "unsafe path '" + m + "' outside the depot (path traversal)");
      }
    }
    return m;
  }

  /** Members of a zip file. */
  final class ZipTree implements DepotTree {
    final SafeZip zip;

    ZipTree(SafeZip zip) {
      this.zip = zip;
    }

    @Override
    public URI root() {
      return LOCAL_ROOT;
    }

    @Override
    public String describe(URI u) {
      return zip.source() + "!" + u.getPath().substring(1);
    }

    @Override
    public byte @Nullable [] read(URI u, long maxBytes) throws IOException {
      SafeZip.Entry e = zip.entry(member(u, zip.source()));
      return e == null ? null : zip.read(e, maxBytes);
    }

    @Override
    public @Nullable VibSource vib(URI u, long expected) throws IOException {
      return vibAt(member(u, zip.source()), expected);
    }

    @Override
    public @Nullable VibSource vibAt(String member, long expected) throws IOException {
      SafeZip.Entry e = zip.entry(member);
      if (e == null) {
        return null;
      }
      if (expected >= 0 && e.getSize() >= 0 && e.getSize() != expected) {
        throw new FormatException(
            zip.source(),
            e.getName(),
            -1,
            "size mismatch: actual "
                + e.getSize()
                + " bytes != expected "
                + expected
                + " bytes (depot metadata)");
      }
      return new Sources.ZipEntrySource(zip, e, expected);
    }

    @Override
    public boolean local() {
      return true;
    }
  }

  /** Files below a directory. */
  final class DirTree implements DepotTree {
    final Path dir;

    DirTree(Path dir) {
      this.dir = dir;
    }

    @Override
    public URI root() {
      return LOCAL_ROOT;
    }

    @Override
    public String describe(URI u) {
      return dir.resolve(u.getPath().substring(1)).toString();
    }

    private Path file(URI u) throws FormatException {
      return dir.resolve(member(u, dir.toString()));
    }

    @Override
    public byte @Nullable [] read(URI u, long maxBytes) throws IOException {
      Path f = file(u);
      if (!Files.isRegularFile(f)) {
        return null;
      }
      long size = Files.size(f);
      if (size > maxBytes) {
        throw new FormatException(
            f.toString(), "file of " + size + " bytes exceeds the limit of " + maxBytes + " bytes");
      }
      return Files.readAllBytes(f);
    }

    @Override
    public @Nullable VibSource vib(URI u, long expected) throws IOException {
      return vibAt(member(u, dir.toString()), expected);
    }

    @Override
    public @Nullable VibSource vibAt(String member, long expected) throws IOException {
      Path f = dir.resolve(member);
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(f)) {
        return null;
      }
      long size = Files.size(f);
      if (expected >= 0 && size != expected) {
        throw new FormatException(
            f.toString(),
            "size mismatch: actual "
                + size
                + " bytes != expected "
                + expected
                + " bytes (depot metadata)");
      }
      return new Sources.FileRegion(f, 0, size, expected, f.toString());
    }

    @Override
    public boolean local() {
      return true;
    }
  }

  /** An online depot. */
  final class HttpTree implements DepotTree {
    final DepotFetcher fetcher;
    final URI root;

    HttpTree(DepotFetcher fetcher, URI root) {
      this.fetcher = fetcher;
      this.root = root;
    }

    @Override
    public URI root() {
      return root;
    }

    @Override
    public String describe(URI u) {
      return Locations.redact(u);
    }

    @Override
    public byte @Nullable [] read(URI u, long maxBytes) throws IOException {
      try (InputStream in = fetcher.open(u)) {
        byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (b.length > maxBytes) {
          throw new FormatException(describe(u), "larger than the limit of " + maxBytes + " bytes");
        }
        return b;
      } catch (DepotAccessException e) {
        if (e.status() == 404) {
          return null;
        }
        throw e;
      }
    }

    @Override
    public URI located(URI u) {
      return fetcher.location(u);
    }

    @Override
    public VibSource vib(URI u, long expected) {
      return new Sources.Remote(fetcher, u, expected);
    }

    @Override
    public boolean discard(URI u) throws IOException {
      return fetcher.discard(u);
    }

    @Override
    public boolean local() {
      return false;
    }
  }
}
