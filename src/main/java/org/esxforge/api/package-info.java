/**
 * The public entry point of the library: {@link org.esxforge.api.DepotSession}, opened from {@link
 * org.esxforge.api.SessionSettings}, reaches depots through one HTTP stack and the download cache
 * and gives a catalog, a build and a verification. The CLI and recipes use it; nothing below it
 * knows about command-line flags.
 */
package org.esxforge.api;
