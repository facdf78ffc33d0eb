/**
 * A generic ISO 9660 + El Torito writer that knows nothing about ESXi.
 *
 * <p>Describe the image with {@link org.esxforge.iso.IsoImage#builder()} (paths are {@link
 * org.esxforge.iso.IsoPath}s under the level-1 rules, contents are {@link
 * org.esxforge.iso.IsoSource}s with sizes known up front, boot images are {@link
 * org.esxforge.iso.BootEntry}s), then write it with {@link org.esxforge.iso.IsoWriters#builtin()}
 * (pure Java, streaming, reproducible bytes) or {@link org.esxforge.iso.IsoWriters#external}
 * (xorriso, genisoimage or mkisofs). Both write atomically and return the size and SHA-256 of the
 * image.
 *
 * <p>Choices: the UEFI load size defaults to image size / 512 (0 when that exceeds 16 bits, "to the
 * end" for edk2); files of 4 GiB or more are refused (no multi-extent files); directory records are
 * sorted per ECMA-119 9.3 and file data is laid out in path-table order; Joliet and Rock Ridge are
 * off by default and, when on, Rock Ridge names are lower case.
 */
package org.esxforge.iso;
