package org.esxforge.cache;

/**
 * What a prune did. Immutable.
 *
 * @param removedCount blobs removed
 * @param removedByteCount their size
 * @param keptCount blobs left
 * @param keptByteCount their size
 */
public record PruneResult(
    long removedCount, long removedByteCount, long keptCount, long keptByteCount) {}
