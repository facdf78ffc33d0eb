/**
 * The VIB format (docs/formats.md §2.4, §4): {@link org.esxforge.vib.DescriptorXml} reads and
 * writes {@code descriptor.xml} and {@code vibs/*.xml}; {@link org.esxforge.vib.VibFile} (random
 * access) and {@link org.esxforge.vib.VibArchiveInputStream} (streaming) read the ar container,
 * {@link org.esxforge.vib.VibWriter} writes it; {@link org.esxforge.vib.PayloadChecksums}, {@link
 * org.esxforge.vib.Signatures} and {@link org.esxforge.vib.VibVerifier} check payloads, {@code
 * sig.pkcs7} and whole VIBs. Depends only on {@code io}, {@code model}, the JDK, BouncyCastle
 * (signatures) and aircompressor (zstd).
 */
package org.esxforge.vib;
