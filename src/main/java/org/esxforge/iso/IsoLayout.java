package org.esxforge.iso;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The sector allocation of an image, computed from sizes alone before any byte is written (pure: no
 * I/O). Layout, in LBA order (what xorriso does):
 *
 * <pre>
 *   0-15  system area (zeros)
 *   16    Primary Volume Descriptor
 *   17    Boot Record (El Torito requires 17), if there are boot entries
 *   next  Joliet Supplementary Volume Descriptor, if Joliet
 *   next  Volume Descriptor Set Terminator
 *   next  boot catalog (1 sector), if El Torito
 *   next  L and M path tables (each padded to whole sectors), then the Joliet pair
 *   next  directory extents in path-table order (primary, then Joliet), each as many sectors as needed
 *   next  file data in path-table/directory-record order, each file on a sector boundary;
 *         a size-0 file has no sectors and extent LBA 0
 * </pre>
 *
 * <p>Directory records are sorted per ECMA-119 9.3 (name part, then extension, each compared as if
 * space-padded); Joliet names equal the level-1 names, so the Joliet tree has the same order. Path
 * tables list directories by depth, then parent number, then name.
 *
 * <p>Files must be smaller than 4 GiB: a single extent's length is a 32-bit field, and this writer
 * does not emit level-3 multi-extent files (ESXi media never need them); larger files are refused
 * with a clear message.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class IsoLayout {
  /** Largest file in one extent: 4 GiB - 1. */
  static final long MAX_FILE_SIZE = 0xFFFF_FFFFL;

  /** A directory, file or the boot catalog in the tree. */
  static final class Node {
    final IsoPath path;
    final Kind kind;
    final @Nullable IsoSource source;
    final long size;
    final List<Node> children = new ArrayList<>();
    @Nullable Node parent;

    /** Path table number (1 = root), directories only. */
    int number;

    /** Data extent LBA (files and catalog). */
    long lba;

    /** Directory extent LBA and byte size, per namespace (0 primary, 1 Joliet). */
    final long[] dirLba = new long[2];

    final long[] dirSize = new long[2];

    Node(IsoPath path, Kind kind, @Nullable IsoSource source, long size) {
      this.path = path;
      this.kind = kind;
      this.source = source;
      this.size = size;
    }

    /** The directory holding this node (the root's is itself); set when the node is placed. */
    Node parent() {
      if (parent == null) {
        throw new IllegalStateException(path + " is not placed in the tree");
      }
      return parent;
    }

    /** The bytes of a file (directories and the boot catalog have none). */
    IsoSource source() {
      if (source == null) {
        throw new IllegalStateException(path + " is a " + kind + ", not a file");
      }
      return source;
    }

    boolean isDirectory() {
      return kind == Kind.DIRECTORY;
    }

    /** Extent LBA in a namespace. */
    long extentLba(int ns) {
      return isDirectory() ? dirLba[ns] : lba;
    }

    /** Data length in a namespace. */
    long dataLength(int ns) {
      return isDirectory() ? dirSize[ns] : size;
    }
  }

  enum Kind {
    DIRECTORY,
    FILE,
    CATALOG
  }

  final IsoImage image;
  final Node root;

  /** Directories in path-table order. */
  final List<Node> directories;

  /** Files with at least one byte, in LBA order. */
  final List<Node> dataFiles;

  final Map<IsoPath, Node> byPath;
  final boolean bootable;
  final long bootRecordLba;
  final long jolietLba;
  final long terminatorLba;
  final long catalogLba;

  /** Path table LBAs: [namespace][0 = L, 1 = M]. */
  final long[][] pathTableLba = new long[2][2];

  final int[] pathTableSize = new int[2];
  final long totalSectors;

  private IsoLayout(IsoImage image) {
    this.image = image;
    this.bootable = !image.bootEntries().isEmpty();
    this.byPath = new HashMap<>();
    this.root = new Node(IsoPath.ROOT, Kind.DIRECTORY, null, 0);
    byPath.put(IsoPath.ROOT, root);
    for (IsoPath d : image.directories()) {
      directory(d);
    }
    image.files().forEach((p, s) -> add(new Node(p, Kind.FILE, s, checkSize(p, s.size()))));
    if (bootable) {
      IsoPath catalog = Objects.requireNonNull(image.bootCatalog(), "a bootable image's catalog");
      add(new Node(catalog, Kind.CATALOG, null, IsoBytes.SECTOR));
    }
    Comparator<Node> order = Comparator.comparing(n -> n.path.name(), IsoLayout::compareNames);
    byPath.values().forEach(n -> n.children.sort(order));
    this.directories = Collections.unmodifiableList(pathTableOrder(root));
    List<Node> files = new ArrayList<>();
    for (Node d : directories) {
      for (Node c : d.children) {
        if (c.kind == Kind.FILE && c.size > 0) {
          files.add(c);
        }
      }
    }
    this.dataFiles = Collections.unmodifiableList(files);

    long lba = 17;
    bootRecordLba = bootable ? lba++ : -1;
    jolietLba = image.joliet() ? lba++ : -1;
    terminatorLba = lba++;
    catalogLba = bootable ? lba++ : -1;
    int namespaces = image.joliet() ? 2 : 1;
    for (int ns = 0; ns < namespaces; ns++) {
      pathTableSize[ns] = PathTable.size(directories, ns == 1);
      long sectors = IsoBytes.sectors(pathTableSize[ns]);
      pathTableLba[ns][0] = lba;
      pathTableLba[ns][1] = lba + sectors;
      lba += 2 * sectors;
    }
    for (int ns = 0; ns < namespaces; ns++) {
      for (Node d : directories) {
        d.dirLba[ns] = lba;
        d.dirSize[ns] = DirectoryRecords.extentSize(d, ns == 1, image.rockRidge() && ns == 0);
        lba += d.dirSize[ns] / IsoBytes.SECTOR;
      }
    }
    if (bootable) {
      requireNode(Objects.requireNonNull(image.bootCatalog(), "a bootable image's catalog")).lba =
          catalogLba;
    }
    for (Node f : dataFiles) {
      f.lba = lba;
      lba += IsoBytes.sectors(f.size);
    }
    if (lba > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("image of " + lba + " sectors exceeds the 32-bit limit");
    }
    this.totalSectors = lba;
  }

  /** Plans {@code image}. Throws {@link IllegalArgumentException} for a file of 4 GiB or more. */
  static IsoLayout plan(IsoImage image) {
    return new IsoLayout(image);
  }

  /** The node at {@code path} (file, directory or catalog), or null. */
  @Nullable Node node(IsoPath path) {
    return byPath.get(path);
  }

  /** The node at {@code path}, which the image holds (a boot image, the boot catalog). */
  Node requireNode(IsoPath path) {
    Node n = byPath.get(path);
    if (n == null) {
      throw new IllegalStateException(path + " is not in the layout");
    }
    return n;
  }

  /** Total image size in bytes. */
  long byteCount() {
    return totalSectors * IsoBytes.SECTOR;
  }

  private static long checkSize(IsoPath p, long size) {
    if (size < 0 || size > MAX_FILE_SIZE) {
      throw new IllegalArgumentException(
          "file '"
              + p
              + "' is "
              + size
              + " bytes; an ISO 9660 file extent holds at most 4294967295 bytes (4 GiB - 1)"
              + " and multi-extent files are not supported");
    }
    return size;
  }

  private Node directory(IsoPath p) {
    Node n = byPath.get(p);
    if (n == null) {
      n = new Node(p, Kind.DIRECTORY, null, 0);
      add(n);
    }
    return n;
  }

  private void add(Node n) {
    Node parent = directory(n.path.parent());
    n.parent = parent;
    parent.children.add(n);
    byPath.put(n.path, n);
  }

  /** Breadth-first: by depth, then parent number, then name; numbers the directories. */
  private static List<Node> pathTableOrder(Node root) {
    List<Node> out = new ArrayList<>();
    Deque<Node> queue = new ArrayDeque<>();
    root.parent = root;
    queue.add(root);
    while (!queue.isEmpty()) {
      Node d = queue.poll();
      out.add(d);
      d.number = out.size();
      for (Node c : d.children) {
        if (c.isDirectory()) {
          queue.add(c);
        }
      }
    }
    return out;
  }

  /**
   * ECMA-119 9.3 order: compare the name parts, then the extensions, each as if padded with spaces
   * (all d-characters sort after a space, so a prefix sorts first).
   */
  static int compareNames(String a, String b) {
    int da = a.indexOf('.');
    int db = b.indexOf('.');
    String na = da < 0 ? a : a.substring(0, da);
    String nb = db < 0 ? b : b.substring(0, db);
    int c = na.compareTo(nb);
    if (c != 0) {
      return c;
    }
    return (da < 0 ? "" : a.substring(da + 1)).compareTo(db < 0 ? "" : b.substring(db + 1));
  }
}
