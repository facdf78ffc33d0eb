package org.esxforge.iso;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What goes into an ISO image: volume identifiers, one timestamp for every date, the file tree, the
 * El Torito boot setup and the optional Joliet / Rock Ridge extensions (both off by default: ESXi
 * media are plain ISO 9660). Knows nothing about ESXi.
 *
 * <p>Immutable and thread-safe (the sources it holds must be too); build with {@link #builder()}.
 */
public final class IsoImage {
  private final String volumeId;
  private final String applicationId;
  private final String systemId;
  private final String publisherId;
  private final String preparerId;
  private final Instant timestamp;
  private final SortedMap<IsoPath, IsoSource> files;
  private final SortedSet<IsoPath> directories;
  private final @Nullable IsoPath bootCatalog;
  private final List<BootEntry> bootEntries;
  private final boolean joliet;
  private final boolean rockRidge;

  private IsoImage(Builder b) {
    this.volumeId = b.volumeId;
    this.applicationId = b.applicationId;
    this.systemId = b.systemId;
    this.publisherId = b.publisherId;
    this.preparerId = b.preparerId;
    this.timestamp = b.timestamp;
    this.files = Collections.unmodifiableSortedMap(new TreeMap<>(b.files));
    this.directories = Collections.unmodifiableSortedSet(new TreeSet<>(b.directories));
    this.bootCatalog = b.bootCatalog;
    this.bootEntries = List.copyOf(b.bootEntries);
    this.joliet = b.joliet;
    this.rockRidge = b.rockRidge;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String volumeId() {
    return volumeId;
  }

  public String applicationId() {
    return applicationId;
  }

  public String systemId() {
    return systemId;
  }

  public String publisherId() {
    return publisherId;
  }

  public String preparerId() {
    return preparerId;
  }

  /** Every date in the image (volume descriptors, directory records) comes from this. */
  public Instant timestamp() {
    return timestamp;
  }

  /** Files by path, sorted. */
  public SortedMap<IsoPath, IsoSource> files() {
    return files;
  }

  /** Explicitly added directories (parents of files are implied). */
  public SortedSet<IsoPath> directories() {
    return directories;
  }

  /** The path at which the boot catalog appears, or {@code null} without El Torito. */
  public @Nullable IsoPath bootCatalog() {
    return bootCatalog;
  }

  /** Boot entries; the first is the default (initial) entry. */
  public List<BootEntry> bootEntries() {
    return bootEntries;
  }

  public boolean joliet() {
    return joliet;
  }

  public boolean rockRidge() {
    return rockRidge;
  }

  /** Collects an {@link IsoImage}. Not thread-safe. */
  public static final class Builder {
    /** El Torito: a catalog sector holds 64 entries; validation + default + header/entry pairs. */
    static final int MAX_BOOT_ENTRIES = 31;

    private String volumeId = "CDROM";
    private String applicationId = "";
    private String systemId = "";
    private String publisherId = "";
    private String preparerId = "";
    private Instant timestamp = Instant.EPOCH;
    private final Map<IsoPath, IsoSource> files = new TreeMap<>();
    private final SortedSet<IsoPath> directories = new TreeSet<>();
    private @Nullable IsoPath bootCatalog;
    private final List<BootEntry> bootEntries = new ArrayList<>();
    private boolean joliet;
    private boolean rockRidge;

    private Builder() {}

    /**
     * The volume id, at most 32 characters of {@code A-Z 0-9 _ - .}, upper-cased (ESXi keeps {@code
     * -} and {@code .} in its volume ids, e.g. {@code ESXI-8.0U3-24022510-STANDARD}).
     */
    public Builder volumeId(String id) {
      String v = id.toUpperCase(Locale.ROOT);
      if (v.isEmpty() || v.length() > 32) {
        throw new IllegalArgumentException("volume id '" + id + "' must have 1 to 32 characters");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (!((c >= 'A' && c <= 'Z')
            || (c >= '0' && c <= '9')
            || c == '_'
            || c == '-'
            || c == '.')) {
          throw new IllegalArgumentException(
              "volume id '" + id + "': character '" + c + "' not allowed (A-Z 0-9 _ - .)");
        }
      }
      this.volumeId = v;
      return this;
    }

    public Builder applicationId(String id) {
      this.applicationId = aChars("application id", id, 128);
      return this;
    }

    public Builder systemId(String id) {
      this.systemId = aChars("system id", id, 32);
      return this;
    }

    public Builder publisherId(String id) {
      this.publisherId = aChars("publisher id", id, 128);
      return this;
    }

    public Builder preparerId(String id) {
      this.preparerId = aChars("preparer id", id, 128);
      return this;
    }

    public Builder timestamp(Instant t) {
      if (t.getEpochSecond() < 0 || t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
        throw new IllegalArgumentException("timestamp " + t + " outside 1970..9999");
      }
      this.timestamp = t;
      return this;
    }

    /** Adds (or replaces) the file at {@code path}. */
    public Builder addFile(IsoPath path, IsoSource source) {
      if (path.isRoot()) {
        throw new IllegalArgumentException("a file cannot be '/'");
      }
      files.put(path, Objects.requireNonNull(source, "source"));
      return this;
    }

    /** Adds a directory, which may stay empty. */
    public Builder addDirectory(IsoPath path) {
      if (!path.isValidDirectory()) {
        throw new IllegalArgumentException(
            "'" + path + "' cannot be a directory (a dot in the name, or deeper than 8 levels)");
      }
      directories.add(path);
      return this;
    }

    /** Where the boot catalog appears in the tree, e.g. {@code /BOOT.CAT}. */
    public Builder bootCatalog(IsoPath path) {
      this.bootCatalog = path;
      return this;
    }

    /** Adds a boot entry; the first one added is the default entry. */
    public Builder addBootEntry(BootEntry entry) {
      if (bootEntries.size() >= MAX_BOOT_ENTRIES) {
        throw new IllegalArgumentException("more than " + MAX_BOOT_ENTRIES + " boot entries");
      }
      bootEntries.add(Objects.requireNonNull(entry, "entry"));
      return this;
    }

    public Builder joliet(boolean on) {
      this.joliet = on;
      return this;
    }

    public Builder rockRidge(boolean on) {
      this.rockRidge = on;
      return this;
    }

    /** Checks the tree (no file where a directory is needed, boot images present) and builds. */
    public IsoImage build() {
      if (bootEntries.isEmpty() != (bootCatalog == null)) {
        throw new IllegalArgumentException(
            "boot entries and a boot catalog path go together: entries="
                + bootEntries.size()
                + ", catalog="
                + bootCatalog);
      }
      if (bootCatalog != null && files.containsKey(bootCatalog)) {
        throw new IllegalArgumentException("boot catalog '" + bootCatalog + "' is also a file");
      }
      for (IsoPath p : files.keySet()) {
        checkParents(p);
      }
      for (IsoPath p : directories) {
        if (files.containsKey(p) || p.equals(bootCatalog)) {
          throw new IllegalArgumentException("'" + p + "' is both a file and a directory");
        }
        checkParents(p);
      }
      if (bootCatalog != null) {
        checkParents(bootCatalog);
      }
      for (BootEntry e : bootEntries) {
        if (!files.containsKey(e.image())) {
          throw new IllegalArgumentException("boot image '" + e.image() + "' is not a file");
        }
        if (e.bootInfoTable() && files.get(e.image()).size() < 64) {
          throw new IllegalArgumentException(
              "boot image '"
                  + e.image()
                  + "' is shorter than 64 bytes; no room for a boot-info-table");
        }
      }
      return new IsoImage(this);
    }

    private void checkParents(IsoPath p) {
      for (IsoPath a : p.ancestors()) {
        if (files.containsKey(a) || a.equals(bootCatalog)) {
          throw new IllegalArgumentException(
              "'" + a + "' is a file but '" + p + "' needs it as a directory");
        }
        if (!a.isValidDirectory()) {
          throw new IllegalArgumentException("'" + a + "' cannot be a directory (has a dot)");
        }
      }
    }

    private static String aChars(String what, String id, int max) {
      String v = id.toUpperCase(Locale.ROOT);
      if (v.length() > max) {
        throw new IllegalArgumentException(
            what + " '" + id + "' longer than " + max + " characters");
      }
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c < 0x20 || c > 0x5F || c == '#' || c == '$' || c == '@' || c == '[' || c == '\\'
            || c == ']' || c == '^') {
          throw new IllegalArgumentException(
              what + " '" + id + "': character '" + c + "' is not an a-character");
        }
      }
      return v;
    }
  }
}
