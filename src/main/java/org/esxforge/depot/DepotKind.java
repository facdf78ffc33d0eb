package org.esxforge.depot;

/** What a depot location turned out to be, detected from its bytes (never from its name). */
public enum DepotKind {
  /** An online depot: {@code vmw-depot-index.xml} / {@code index.xml} over http(s). */
  ONLINE,
  /** An offline bundle zip (§3.1). */
  OFFLINE_BUNDLE,
  /** A 7.0+ component zip (§3.2): an offline bundle holding component bulletins only. */
  COMPONENT,
  /** A zip that wraps an offline bundle zip (§3.1); unwrapped to a temporary file. */
  WRAPPED_BUNDLE,
  /** A local directory laid out like a depot. */
  DIRECTORY,
  /**
   * A plain folder of loose {@code .vib} files and bundle/component zips without depot metadata
   * (ESXi-Customizer-PS {@code -pkgDir}), read as one depot.
   */
  PACKAGE_FOLDER,
  /**
   * An ESXi installer ISO: the profile and VIB descriptors from its {@code IMGDB.TGZ}, the VIBs
   * rebuilt from its files.
   */
  INSTALLER_ISO,
  /** A loose {@code .vib} file. */
  VIB
}
