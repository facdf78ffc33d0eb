package org.esxforge.cache;

import java.nio.file.Path;

/**
 * What {@code esxforge cache info} shows.
 *
 * @param directory the cache directory
 * @param blobCount content-addressed entries
 * @param blobByteCount their total size
 * @param metadataCount blobs that hold the content of an indexed URL (depot indexes, metadata.zip)
 * @param metadataByteCount their size
 * @param payloadCount the other blobs (VIBs, looked up by the SHA-256 the metadata declares)
 * @param payloadByteCount their size
 * @param urlCount URL index records
 *     <p>Immutable.
 */
public record CacheInfo(
    Path directory,
    long blobCount,
    long blobByteCount,
    long metadataCount,
    long metadataByteCount,
    long payloadCount,
    long payloadByteCount,
    long urlCount) {}
