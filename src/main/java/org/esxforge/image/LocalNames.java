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
 * Assigns the 8.3 local name of every module payload (docs/formats.md §5.3). Rules:
 *
 * <ol>
 *   <li>A {@code vfat-name} is used verbatim (lower-cased), if it is a valid ISO level 1 name
 *       ({@code [a-z0-9_]{1,8}[.[a-z0-9_]{1,3}]}) and not yet taken; otherwise rule 2 applies [G:
 *       the spec does not say; VMware's own vfat-names are all valid and distinct].
 *   <li>Otherwise base = the first 8 characters of the payload name, lower-cased, {@code -} → {@code
 *       _}; every other character outside {@code [a-z0-9_]} also → {@code _} so the upper-cased
 *       ISO name stays d-characters [G]. Extension = first letter of the payload type + a 2-digit
 *       counter from 00.
 *   <li>The counter is per {@code base.letter}, assigned in ascending VIB-id order then payload
 *       order, over the whole profile [I: BC70 {@code lsi_msgp.v00–v02}, BC91 {@code nsx_pyth}].
 *   <li>Names already taken — the special archives {@code imgdb.tgz imgpayld.tgz basemisc.tgz
 *       resvibs.tgz esxiodpt.tgz}, the other generated ISO root files, and every vfat-name — are
 *       skipped: the counter moves on to the next free value (open question 6, [G]: "made unique").
 *   <li>A counter past 99 is an error [S: EC272 aborts at 100].
 * </ol>
 *
 * <p>Not thread-safe; one instance per plan.
 */
final class LocalNames {
  /** ISO root names the plan generates itself; payload modules must not take them. */
  static final Set<String> RESERVED =
      Set.of(
          "imgdb.tgz", "imgpayld.tgz", "basemisc.tgz", "resvibs.tgz", "esxiodpt.tgz", "boot.cfg",
          "boot.cat", "isolinux.cfg", "isolinux.bin", "mboot.c32", "menu.c32", "safeboot.c32",
          "ldlinux.sys", "efiboot.img", "ks.cfg");

  private static final Pattern VALID_8_3 = Pattern.compile("[a-z0-9_]{1,8}(\\.[a-z0-9_]{1,3})?");

  private final Set<String> taken = new HashSet<>(RESERVED);
  private final Map<String, Integer> counters = new HashMap<>();

  /**
   * Names every payload of {@code candidates} (VIBs in ascending id order, payloads in descriptor
   * order).
   */
  static Map<PayloadRef, String> assign(List<VibDescriptor> vibs, List<PayloadRef> candidates)
      throws ImagePlanException {
    LocalNames n = new LocalNames();
    Map<PayloadRef, String> out = new LinkedHashMap<>();
    Map<PayloadRef, Payload> payloads = new HashMap<>();
    for (VibDescriptor d : vibs) {
      for (Payload p : d.payloads()) {
        payloads.put(new PayloadRef(d.id(), p.name()), p);
      }
    }
    // pass 1: verbatim vfat-names claim their names first, in id order
    for (PayloadRef r : candidates) {
      String vfat = payloads.get(r).vfatName().toLowerCase(Locale.ROOT);
      if (!vfat.isEmpty() && VALID_8_3.matcher(vfat).matches() && n.taken.add(vfat)) {
        out.put(r, vfat);
      }
    }
    // pass 2: generated names, counters in id order then payload order
    Map<PayloadRef, String> ordered = new LinkedHashMap<>();
    for (PayloadRef r : candidates) {
      String name = out.containsKey(r) ? out.get(r) : n.generate(r, payloads.get(r));
      ordered.put(r, name);
    }
    return ordered;
  }

  private String generate(PayloadRef r, Payload p) throws ImagePlanException {
    String base = base(p.name());
    String key = base + "." + p.type().charAt(0);
    int c = counters.getOrDefault(key, 0);
    while (true) {
      if (c > 99) {
        throw new ImagePlanException(
            r.vibId()
                + ": payload '"
                + p.name()
                + "' would need 8.3 name "
                + key
                + "100, past the limit of 100 names per base ("
                + key
                + "00-99); remove some VIBs whose payload names start with '"
                + base
                + "'");
      }
      String name = String.format(Locale.ROOT, "%s%02d", key, c);
      c++;
      if (taken.add(name)) {
        counters.put(key, c);
        return name;
      }
    }
  }

  /** First 8 characters, lower-cased, anything outside [a-z0-9_] (notably '-') → '_'. */
  static String base(String payloadName) {
    String s = payloadName.length() > 8 ? payloadName.substring(0, 8) : payloadName;
    StringBuilder b = new StringBuilder(s.length());
    for (char ch : s.toLowerCase(Locale.ROOT).toCharArray()) {
      b.append((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
    }
    return b.toString();
  }
}
