package org.esxforge.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.esxforge.hardware.HardwareCheck;
import org.esxforge.hardware.HardwareCheck.DeviceVerdict;
import org.esxforge.model.PciDevice;
import org.esxforge.model.VibId;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileEditor;

/**
 * The hardware part of a build ({@code --for-hardware}, recipe {@code hardware:}): after the user's
 * edit, every listed device that no VIB of the image drives but a depot VIB would gets that VIB
 * (the newest that loads on the base's release; {@link HardwareCheck}) appended to the adds, so the
 * user's own choices and removes still win; then the final image is checked again, and a network or
 * storage controller it still cannot drive becomes a validation problem (exit 3 unless forced).
 *
 * <p>Stateless and thread-safe.
 */
final class HardwareDrivers {
  private HardwareDrivers() {}

  /** The edit with the drivers the devices need; records why each was added. */
  static ProfileEditor.Result addNeeded(BuildContext c, ProfileEditor.Result edited)
      throws IOException, EditRefusedException, BuildException {
    HardwareCheck.Report first =
        HardwareCheck.check(c.catalog, edited.profile(), c.request.hardware(), null);
    List<String> adds = new ArrayList<>();
    for (DeviceVerdict v : first.devices()) {
      if (v.status() != HardwareCheck.Status.IN_DEPOT) {
        continue;
      }
      String note =
          "added "
              + v.vib()
              + " for "
              + device(v)
              + ": its driver "
              + v.driver()
              + " claims "
              + v.claim()
              + (v.component().isEmpty() ? "" : " (component " + v.component() + ")")
              + (v.reason().isEmpty() ? "" : "; " + v.reason());
      c.hardwareNotes.add(note);
      c.events.info(note);
      VibId vib = v.vib();
      if (vib != null && !adds.contains(vib.value())) { // IN_DEPOT names its VIB
        adds.add(vib.value());
      }
    }
    if (adds.isEmpty()) {
      return edited;
    }
    return ResolveStep.edit(c.catalog, c.base(), c.request.withAdds(adds), c.events);
  }

  /** The final check: a problem per network or storage controller the image cannot drive. */
  static List<Problem> problems(BuildContext c) {
    List<Problem> out = new ArrayList<>();
    if (c.request.hardware().isEmpty()) {
      return out;
    }
    try {
      c.hardware = HardwareCheck.check(c.catalog, c.profile(), c.request.hardware(), null);
    } catch (IOException e) {
      out.add(
          new Problem(
              Problem.Code.UNDRIVEN_DEVICE,
              null,
              "the device claims of the image's VIBs could not be read: " + e.getMessage(),
              "check the depots with esxforge verify"));
      return out;
    }
    for (DeviceVerdict v : c.hardware.missing()) {
      PciDevice d = v.device();
      String what =
          d.network() ? "network controller" : d.storage() ? "storage controller" : "listed device";
      out.add(
          new Problem(
              Problem.Code.UNDRIVEN_DEVICE,
              null,
              device(v)
                  + ": no VIB of "
                  + c.profile().name()
                  + " drives this "
                  + what
                  + (v.reason().isEmpty() ? "" : ": " + v.reason()),
              v.status() == HardwareCheck.Status.IN_DEPOT
                  ? "do not remove " + v.vibName() + ", which would drive it"
                  : "give a depot with a driver for "
                      + d.id()
                      + " built for ESXi "
                      + c.hardware.release()));
    }
    return out;
  }

  /** e.g. {@code 02:00.0 10ec:8168}, or {@code 10ec:8168 (line 3)} for a plain list. */
  static String device(DeviceVerdict v) {
    PciDevice d = v.device();
    return d.address().isEmpty() ? d.id() + " (line " + d.line() + ")" : d.address() + " " + d.id();
  }

  /** The device → driver map for manifests and messages: one line per device. */
  static List<String> map(HardwareCheck.Report r) {
    List<String> out = new ArrayList<>();
    for (DeviceVerdict v : r.devices()) {
      VibId vib = v.vib();
      out.add(device(v) + " -> " + (vib == null ? "none" : v.driver() + " (" + vib + ")"));
    }
    return out;
  }
}
