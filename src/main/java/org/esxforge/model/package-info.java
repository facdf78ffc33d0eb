/**
 * The data model shared by every other package: VIB descriptors, payloads, relationships, versions,
 * acceptance levels, image profiles and bulletins. Pure JDK, no I/O.
 *
 * <p>House style puts {@code VibDescriptor} in {@code vib} and versions in {@code profile}; that
 * would make {@code profile} (the validator, which reads descriptors) depend on {@code vib}, so the
 * records live here instead and both packages depend on this one.
 */
package org.esxforge.model;
