package org.esxforge.sample;

import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.VibSpec;

/**
 * The self-describing header of a sample boot module: every sample payload that becomes a boot
 * module (types {@code boot vgz tgz installer vzstd}; all are gzip) carries, in its gzip header's
 * FCOMMENT field, one line the test kernel reads without trusting BOOT.CFG:
 *
 * <pre>
 * esxforge-module v1 name=s.v?? vib=VMware_bootbank_esx-base_7.0.0-1.25.16324942 payload=s grp=2
 *   bo=100 idx=0 size=1234 crc32=89abcdef
 * </pre>
 *
 * <ul>
 *   <li>{@code name}: the 8.3 name the module must arrive under: its {@code vfat-name}, or the
 *       payload name's first 8 characters lower-cased with {@code -} → {@code _}, a dot, the
 *       payload type's first letter and {@code ??} for the two hex digits of the counter, which
 *       depends on the other VIBs of the image (docs/formats.md §8.2);
 *   <li>{@code vib grp bo idx}: its position, as the fields VMware's module order (§8.1) sorts on:
 *       {@code grp} 0 = a {@code boot} payload with a boot-order (sorted by {@code bo}, then VIB
 *       id, then {@code idx}, the payload's descriptor index), 1 = a {@code boot} payload without
 *       one, 2 = another module of a non-overlay VIB, 3 = a module of an overlay VIB (in 2 and 3
 *       the payloads with boot-order 100 come first, in descending (VIB id, idx) order, then the
 *       others ascending). Absolute positions are not knowable when the payload is made (a build
 *       adds drivers that sort among them), so the kernel checks that every pair of tagged modules
 *       is in this order;
 *   <li>{@code size crc32}: length and CRC-32 of the decompressed content, which the kernel
 *       recomputes by inflating the module.
 * </ul>
 *
 * The comment changes neither the decompressed bytes nor any gunzip checksum, so the real fixture's
 * checksums of {@code jumpstrt}/{@code useropts}/{@code features} still hold. Modules that carry no
 * tag (a real third-party driver's) are judged by count and integrity instead (see the test
 * kernel's {@code kmain.c}).
 *
 * <p>Thread-safe (stateless).
 */
final class ModuleTag {
  /** The payload types that become boot modules (as ModulePlan.MODULE_TYPES). */
  static final Set<String> MODULE_TYPES = Set.of("boot", "vgz", "tgz", "installer", "vzstd");

  /** The boot-order that puts a non-boot module at the front of its list (§8.1). */
  static final int FRONT = 100;

  private ModuleTag() {}

  /**
   * The FCOMMENT for payload {@code p} of {@code vib} whose decompressed bytes are {@code inner}.
   */
  static String comment(VibSpec vib, PayloadSpec p, byte[] inner) {
    if (!MODULE_TYPES.contains(p.type())) {
      return "";
    }
    CRC32 crc = new CRC32();
    crc.update(inner);
    return comment(vib, p, inner.length, crc.getValue());
  }

  /**
   * The FCOMMENT for payload {@code p} of {@code vib} whose decompressed content is {@code size}
   * bytes with CRC-32 {@code crc32}; "" for a payload that is no module.
   */
  static String comment(VibSpec vib, PayloadSpec p, long size, long crc32) {
    if (!MODULE_TYPES.contains(p.type())) {
      return "";
    }
    int bo = p.bootOrder() == null ? -1 : p.bootOrder();
    int grp;
    if (vib.overlay()) {
      grp = 3;
    } else if (!p.type().equals("boot")) {
      grp = 2;
    } else {
      grp = bo >= 0 ? 0 : 1;
    }
    return "esxforge-module v1 name="
        + name(p)
        + " vib="
        + vib.id()
        + " payload="
        + p.name()
        + " grp="
        + grp
        + " bo="
        + bo
        + " idx="
        + vib.payloads().indexOf(p)
        + " size="
        + size
        + " crc32="
        + String.format(Locale.ROOT, "%08x", crc32);
  }

  /** The 8.3 name pattern: vfat-name, or base + "." + type letter + "??". */
  static String name(PayloadSpec p) {
    if (p.vfatName() != null && !p.vfatName().isEmpty()) {
      return p.vfatName().toLowerCase(Locale.ROOT);
    }
    String n = p.name().length() > 8 ? p.name().substring(0, 8) : p.name();
    return n.toLowerCase(Locale.ROOT).replace('-', '_') + "." + p.type().charAt(0) + "??";
  }
}
