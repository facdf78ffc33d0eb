package org.esxforge.depot.xml;

/**
 * The order in which a writer emits attributes; it has no meaning to readers, only to byte-exact
 * reproduction of a producer's output.
 *
 * <ul>
 *   <li>{@link #VMWARE_8}: insertion order of VMware's 8.0+ tools (Python 3.8+ ElementTree): {@code
 *       <softwarePlatform version=".." locale=".." productLineID=".."/>}.
 *   <li>{@link #VMWARE_9}: as {@link #VMWARE_8}, but {@code <componentVersionSpec version=".."
 *       uiString=".."/>} (the 9.0 component zip).
 *   <li>{@link #ALPHABETICAL}: sorted attribute names, as VMware's 6.x/7.0 tools (Python 2
 *       ElementTree) wrote, e.g. the 7.0 host image database: {@code locale productLineID version}.
 *   <li>{@link #VMWARE_6}: VMware's 6.x/7.0 depot tools and v-front's VIB2ZIP (Python 2 dict
 *       order): {@code <softwarePlatform locale=".." version=".." productLineID=".."/>}, {@code
 *       <componentNameSpec uiString=".." name=".."/>}.
 * </ul>
 *
 * Other attributes ({@code componentNameSpec name uiString} except in 6.x, {@code constraint name
 * relation version}, and {@code componentVersionSpec uiString version} except in 9.0) are the same
 * in all.
 */
public enum AttributeOrder {
  VMWARE_8,
  VMWARE_9,
  ALPHABETICAL,
  VMWARE_6
}
