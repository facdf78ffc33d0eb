/**
 * Readers and writers for every depot document (docs/formats.md §1, §2): {@code DepotIndexXml}
 * ({@code index.xml}), {@code VendorIndexXml}, {@code MetadataXml} ({@code vmware.xml}), {@code
 * BulletinXml}, {@code ProfileXml}, {@code BaseImageJson}. Readers refuse DOCTYPEs before parsing
 * (via {@link org.esxforge.io.Xml}), bound their input and tolerate producer differences; writers
 * reproduce VMware's bytes (verified against the real bundles in the fixtures), with the attribute
 * order chosen by {@link org.esxforge.depot.xml.AttributeOrder}.
 *
 * <p>XML is read with hardened StAX into a small element tree rather than Jackson templates: the
 * documents vary in element spelling, carry comments and have significant attribute order on write,
 * which Jackson handles poorly. Release-unit JSON uses a Jackson template.
 */
package org.esxforge.depot.xml;
