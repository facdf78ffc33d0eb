package org.esxforge.image;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;

/**
 * Assigns the local file name of <b>every</b> payload of a profile the way VMware's {@code
 * esximage} does (docs/formats.md §8.2, which supersedes §5.3), checked against the real ESXi 6.7
 * host database (fixtures/real/esximg-6.7-host, every one of its 136 VIBs' names):
 *
 * <ol>
 *   <li>VIBs are visited in ascending VIB-id order, payloads in descriptor order.
 *   <li>A {@code vfat-name} is used (lower-cased) when no earlier payload claimed it. vfat-names
 *       are claimed before any name is generated [G: VMware's vfat-names never look generated, so
 *       the order cannot be observed; claiming first keeps both kinds unique].
 *   <li>Otherwise base = the payload name's first 8 characters, lower-cased, {@code -} → {@code _}
 *       ({@code BOOTx64.EFI} → {@code bootx64.}, as HOST67 shows). Extension = the payload type's
 *       first letter plus a two-digit <b>hex</b> counter: {@code .v09} is followed by {@code .v0a}.
 *   <li><b>One counter per base, shared by every payload type</b> ({@code safeboot.c32} and {@code
 *       safeboot.efi} → {@code safeboot.b00}, {@code safeboot.b01}; a vgz and a tgz payload with
 *       one base → {@code .v00}, {@code .t01}).
 *   <li>A counter past {@code ff} is an error.
 * </ol>
 *
 * Choices where VMware's rule cannot hold on an ISO [G]: a <em>module</em> payload (one that goes
 * on the ISO root under its local name) additionally maps every base character outside {@code
 * [a-z0-9_]} to {@code _} and uses a vfat-name only when it is a valid ISO level 1 name, so the
 * upper-cased ISO name is d-characters; the names of other payloads (boot loaders, upgrade files,
 * text), which never become ISO file names, keep VMware's form. Names the plan generates itself —
 * the archives {@code imgdb.tgz imgpayld.tgz basemisc.tgz resvibs.tgz esxiodpt.tgz} and the other
 * ISO root files — are never given to a payload: the counter moves on to its next value (§7
 * question 6, "made unique").
 *
 * <p>Not thread-safe; one instance per plan.
 */
final class LocalNames {
  /** ISO root names the plan generates itself; payload modules must not take them. */
  static final Set<String> RESERVED =
      Set.of(
          "imgdb.tgz",
          "imgpayld.tgz",
          "basemisc.tgz",
          "resvibs.tgz",
          "esxiodpt.tgz",
          "boot.cfg",
          "boot.cat",
          "isolinux.cfg",
          "isolinux.bin",
          "mboot.c32",
          "menu.c32",
          "safeboot.c32",
          "ldlinux.sys",
          "efiboot.img",
          "ks.cfg");

  /** The largest counter value, {@code ff}. */
  static final int MAX_COUNTER = 0xff;

  private static final Pattern VALID_8_3 = Pattern.compile("[a-z0-9_]{1,8}(\\.[a-z0-9_]{1,3})?");

  private final Set<String> taken = new HashSet<>(RESERVED);
  private final Map<String, Integer> counters = new HashMap<>();

  private LocalNames() {}

  /**
   * Names every payload of {@code vibs}.
   *
   * @param vibs the profile's descriptors in ascending VIB-id order
   * @return payload → local name, in VIB-id then descriptor order
   */
  static Map<PayloadRef, String> assign(List<VibDescriptor> vibs) throws ImagePlanException {
    LocalNames n = new LocalNames();
    Map<PayloadRef, String> vfat = new HashMap<>();
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        String v = p.vfatName().toLowerCase(Locale.ROOT);
        boolean usable = !v.isEmpty() && (!isModule(p) || VALID_8_3.matcher(v).matches());
        if (usable && n.taken.add(v)) {
          vfat.put(new PayloadRef(d.id(), p.name()), v);
        }
      }
    }
    Map<PayloadRef, String> out = new LinkedHashMap<>();
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        PayloadRef r = new PayloadRef(d.id(), p.name());
        String name = vfat.get(r);
        out.put(r, name != null ? name : n.generate(r, p));
      }
    }
    return out;
  }

  static boolean isModule(Payload p) {
    return ModulePlan.MODULE_TYPES.contains(p.type());
  }

  private String generate(PayloadRef r, Payload p) throws ImagePlanException {
    String base = isModule(p) ? isoBase(p.name()) : base(p.name());
    char letter = p.type().isEmpty() ? '_' : Character.toLowerCase(p.type().charAt(0));
    int c = counters.getOrDefault(base, 0);
    while (true) {
      if (c > MAX_COUNTER) {
        throw new ImagePlanException(
            r.vibId()
                + ": payload '"
                + p.name()
                + "' would need local name "
                + base
                + "."
                + letter
                + Integer.toHexString(c)
                + ", past the limit of 256 names per base ("
                + base
                + "."
                + letter
                + "00-ff); remove some VIBs whose payload names start with '"
                + base
                + "'");
      }
      String name = String.format(Locale.ROOT, "%s.%c%02x", base, letter, c);
      c++;
      if (taken.add(name)) {
        counters.put(base, c);
        return name;
      }
    }
  }

  /** VMware's base: the first 8 characters, lower-cased, {@code -} → {@code _}. */
  static String base(String payloadName) {
    String s = payloadName.length() > 8 ? payloadName.substring(0, 8) : payloadName;
    return s.toLowerCase(Locale.ROOT).replace('-', '_');
  }

  /** {@link #base}, then anything outside [a-z0-9_] → '_' (ISO level 1 d-characters). */
  static String isoBase(String payloadName) {
    StringBuilder b = new StringBuilder(8);
    for (char ch : base(payloadName).toCharArray()) {
      b.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
    }
    return b.toString();
  }
}
