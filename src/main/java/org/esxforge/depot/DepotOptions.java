package org.esxforge.depot;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Objects;

/**
 * How depots are opened.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout HTTP connect timeout
 * @param readTimeout HTTP socket read timeout
 * @param maxEntryBytes largest inflated zip entry accepted (a VIB or a nested bundle)
 * @param maxMetadataBytes total bytes inflated into memory for one depot's metadata (zip-bomb cap)
 * @param maxCompressionRatio largest inflated/compressed ratio of a zip entry over 1 MiB
 * @param tempDir where unwrapped bundles and downloaded zips/VIBs are put (deleted on close)
 */
public record DepotOptions(
    Duration connectTimeout,
    Duration readTimeout,
    long maxEntryBytes,
    long maxMetadataBytes,
    int maxCompressionRatio,
    Path tempDir) {

  public DepotOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(tempDir, "tempDir");
    if (maxEntryBytes <= 0 || maxMetadataBytes <= 0 || maxCompressionRatio <= 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }

  /** 30 s connect, 60 s read, 16 GiB per entry, 2 GiB of metadata, ratio 1000, java.io.tmpdir. */
  public static DepotOptions defaults() {
    return new DepotOptions(
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        16L << 30,
        2L << 30,
        1000,
        Paths.get(System.getProperty("java.io.tmpdir")));
  }

  public DepotOptions withTimeouts(Duration connect, Duration read) {
    return new DepotOptions(
        connect, read, maxEntryBytes, maxMetadataBytes, maxCompressionRatio, tempDir);
  }

  public DepotOptions withLimits(long entryBytes, long metadataBytes, int ratio) {
    return new DepotOptions(connectTimeout, readTimeout, entryBytes, metadataBytes, ratio, tempDir);
  }

  public DepotOptions withTempDir(Path dir) {
    return new DepotOptions(
        connectTimeout, readTimeout, maxEntryBytes, maxMetadataBytes, maxCompressionRatio, dir);
  }
}
