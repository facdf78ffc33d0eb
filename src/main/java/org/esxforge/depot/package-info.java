/**
 * Depot locations and the {@link org.esxforge.depot.Catalog}: {@link
 * org.esxforge.depot.Depots#open} takes the user's {@code -d/--depot} values (online depot index or
 * folder URLs, offline bundle and component zips, zips wrapping a bundle, depot-like directories,
 * loose {@code .vib} files), detects each kind from its bytes, resolves URLs as docs/formats.md
 * §1.3 says and merges everything into one catalog.
 *
 * <p>Public: {@code Depots}, {@code DepotOptions}, {@code DepotKind}, {@code DepotInfo}, {@code
 * Catalog}, {@code CatalogVib}, {@code VibSource}, {@code LocalRegion}, {@code DepotFetcher} (the
 * network seam a cache wraps). Everything else is package-private. Zips are read with
 * commons-compress {@code ZipFile} behind path-traversal and zip-bomb guards. This package never
 * opens a connection: online files come through the {@code DepotFetcher} the caller passes (the net
 * package's caching, proxy-aware fetcher, which the api package's {@code DepotSession} opens).
 */
package org.esxforge.depot;
