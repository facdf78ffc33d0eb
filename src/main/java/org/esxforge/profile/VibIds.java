package org.esxforge.profile;

import java.util.Map;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;

/**
 * Name and version of a VIB, from its descriptor when known, else from its id {@code
 * <vendor>_<type>_<name>_<version>} (the name may itself contain '_'; the version may not).
 * Stateless and thread-safe.
 */
final class VibIds {
  private VibIds() {}

  static String name(VibId id, Map<VibId, VibDescriptor> descriptors) {
    VibDescriptor d = descriptors.get(id);
    if (d != null) {
      return d.name();
    }
    String v = id.value();
    int first = v.indexOf('_');
    int second = first < 0 ? -1 : v.indexOf('_', first + 1);
    int last = v.lastIndexOf('_');
    if (second < 0 || last <= second) {
      return v;
    }
    return v.substring(second + 1, last);
  }

  static SoftwareVersion version(VibId id, Map<VibId, VibDescriptor> descriptors) {
    VibDescriptor d = descriptors.get(id);
    if (d != null) {
      return d.version();
    }
    String v = id.value();
    int last = v.lastIndexOf('_');
    return new SoftwareVersion(last < 0 || last == v.length() - 1 ? v : v.substring(last + 1));
  }
}
