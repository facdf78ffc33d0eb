package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.esxforge.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Proves the GA sample model holds exactly what the real 7.0 GA BOOT.CFG needs: applying VMware's
 * rules of docs/formats.md §8.1/§8.2 (written out independently here, in the test) to the standard
 * profile's payloads, in their real descriptor order, yields the real {@code modules=} line. The
 * project's exporter (package image) is tested against the same file separately.
 */
class SampleModelBootCfgTest {
  private static final Set<String> MODULE_TYPES = Set.of("boot", "vgz", "tgz");

  @Test
  void modules_gaStandardProfile_equalRealBootCfg() throws Exception {
    SampleModel m = SampleModel.load(SampleModel.ESXI_70_GA);
    List<VibSpec> vibs = new ArrayList<>(m.vibs());
    vibs.sort(Comparator.comparing(VibSpec::id)); // byte-wise: String.compareTo on ASCII

    // names: every payload, one hex counter per base shared by all types, vfat-names first
    Map<PayloadSpec, String> names = new java.util.IdentityHashMap<>();
    Map<String, Integer> counters = new HashMap<>();
    for (VibSpec v : vibs) {
      for (PayloadSpec p : v.payloads()) {
        if (p.vfatName() != null) {
          names.put(p, p.vfatName());
        }
      }
    }
    for (VibSpec v : vibs) {
      for (PayloadSpec p : v.payloads()) {
        if (!names.containsKey(p)) {
          String base =
              p.name()
                  .substring(0, Math.min(8, p.name().length()))
                  .toLowerCase(Locale.ROOT)
                  .replace('-', '_');
          int n = counters.merge(base, 1, Integer::sum) - 1;
          names.put(p, String.format(Locale.ROOT, "%s.%c%02x", base, p.type().charAt(0), n));
        }
      }
    }
    // order: boot payloads stable-sorted by boot-order; the others: boot-order 100 to the front
    List<PayloadSpec> booted = new ArrayList<>();
    java.util.LinkedList<PayloadSpec> rest = new java.util.LinkedList<>();
    java.util.LinkedList<PayloadSpec> overlays = new java.util.LinkedList<>();
    for (VibSpec v : vibs) {
      for (PayloadSpec p : v.payloads()) {
        if (!MODULE_TYPES.contains(p.type())) {
          continue;
        }
        java.util.LinkedList<PayloadSpec> list = v.overlay() ? overlays : rest;
        if (!v.overlay() && p.type().equals("boot")) {
          booted.add(p);
        } else if (Integer.valueOf(100).equals(p.bootOrder())) {
          list.addFirst(p);
        } else {
          list.addLast(p);
        }
      }
    }
    booted.sort(Comparator.comparing(PayloadSpec::bootOrder)); // stable
    List<String> ordered = new ArrayList<>();
    booted.forEach(p -> ordered.add(names.get(p)));
    rest.forEach(p -> ordered.add(names.get(p)));
    overlays.forEach(p -> ordered.add(names.get(p)));
    ordered.add("imgdb.tgz");
    ordered.add("imgpayld.tgz");

    Map<String, String> cfg = new HashMap<>();
    for (String line :
        Files.readAllLines(Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg"))) {
      int eq = line.indexOf('=');
      cfg.put(line.substring(0, eq), line.substring(eq + 1));
    }
    List<String> expected = new ArrayList<>();
    expected.add(cfg.get("kernel").substring(1));
    Arrays.stream(cfg.get("modules").split(" --- "))
        .map(s -> s.substring(1))
        .forEach(expected::add);
    assertEquals(expected, ordered);
    assertEquals(cfg.get("build"), m.vib("esx-base").version());
  }
}
