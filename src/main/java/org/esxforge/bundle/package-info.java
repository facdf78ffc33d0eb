/**
 * Writing depots: the online-style folder ({@code index.xml}, {@code vendor-index.xml}, {@code
 * metadata.zip}, {@code vib20/…}) and the offline bundle zip (docs/formats.md §1, §2, §3).
 */
package org.esxforge.bundle;
