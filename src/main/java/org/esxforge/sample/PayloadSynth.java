package org.esxforge.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.esxforge.model.Checksum;
import org.esxforge.model.Payload;
import org.esxforge.sample.SampleModel.PayloadSpec;
import org.esxforge.sample.SampleModel.VibSpec;
import org.jspecify.annotations.Nullable;

/**
 * Makes the bytes of sample payloads: small (KBs), deterministic (pseudo-random content seeded by
 * VIB id and payload name) and well-formed for their type.
 *
 * <ul>
 *   <li>{@code vgz}: gzip of a vmtar ({@link Vmtar}); driver VIBs install a vmkernel module
 *       (typeflag 7), a {@code default.map.d} map with one line per PCIID tag (the real
 *       descriptors' tags, so the sample claims what the real drivers claim) and a {@code pciids}
 *       file, like the real ones; other VIBs install one data file per payload;
 *   <li>{@code tgz}: gzip of a plain ustar;
 *   <li>{@code boot}: gzip of a blob; {@code b} is gzip of the multiboot test kernel (VMware's
 *       B.B00 is gzip of vmkBoot.ELF); {@code jumpstrt}/{@code features} gzip an empty file and
 *       {@code useropts} a single newline, exactly as in the real 7.0 GA image (their gunzip
 *       checksums in the fixture are those of "" and "\n");
 *   <li>{@code isolinux.bin}, {@code BOOTx64.EFI}, {@code efiboot.img}, {@code mboot.c32}: the
 *       {@link BootImages};
 *   <li>the other {@code boot_com32_bios}/{@code boot_loader_efi} payloads: labelled placeholders
 *       (no boot path of the sample uses them); {@code fatBootSector} is 512 bytes ending in 55 AA;
 *   <li>{@code upgrade}: {@code esximage.zip} a real zip, {@code metadata.xml} XML, {@code *.py}
 *       Python text, {@code mbr.bin}/{@code gptmbr.bin} of the real sizes (440, 424);
 *   <li>{@code text}: text.
 * </ul>
 *
 * Every module payload (boot, vgz, tgz) of a depot with the bootable chain carries its {@link
 * ModuleTag} in the gzip header, so the test kernel can check it by itself. The driver samples of
 * {@code samples/} (built with placeholder boot images) carry none: they boot as untagged
 * third-party payloads do.
 *
 * <p>Checksums follow the real descriptor's kinds for each payload: {@code sha-256} over the raw
 * member, {@code sha-256}/{@code sha-1} with {@code gunzip} over the decompressed bytes, and for
 * {@code b} a {@code txt-mle} value that is SYNTHETIC: SHA-256 of {@code
 * "esxforge-synthetic-txt-mle\0"} followed by the decompressed kernel (VMware's TXT MLE measurement
 * is not reproducible and nothing in esxforge verifies it).
 *
 * <p>Thread-safe (stateless).
 */
final class PayloadSynth {
  static final String TXT_MLE_PREFIX = "esxforge-synthetic-txt-mle\0";

  private PayloadSynth() {}

  /**
   * @param withUncompressedSize write {@code uncompressed-size} (8.0U3+ descriptors)
   */
  static SynthPayload make(
      VibSpec vib, PayloadSpec p, BootImages boot, Instant mtime, boolean withUncompressedSize) {
    return make(vib, p, boot, mtime, withUncompressedSize, SampleSize.STANDARD);
  }

  /**
   * Like {@link #make(VibSpec, PayloadSpec, BootImages, Instant, boolean)}; with {@link
   * SampleSize#FULL} a gzip payload (except the kernel {@code b}) with a recorded {@link
   * PayloadSpec#realSize} larger than its standard form is made exactly that large ({@link
   * FullSize}).
   */
  static SynthPayload make(
      VibSpec vib,
      PayloadSpec p,
      BootImages boot,
      Instant mtime,
      boolean withUncompressedSize,
      SampleSize size) {
    String seed = vib.id() + "/" + p.name();
    Drbg rnd = new Drbg(seed);
    List<String> files = new ArrayList<>();
    byte[] inner = null;
    byte[] raw;
    switch (p.type()) {
      case "vgz", "vzstd" -> {
        Map<String, byte[]> content = installedFiles(vib, p, rnd);
        List<Vmtar.Entry> entries = new ArrayList<>();
        content.forEach(
            (path, data) ->
                entries.add(
                    new Vmtar.Entry(path, data, path.startsWith("usr/lib/vmware/vmkmod/"))));
        files.addAll(content.keySet());
        inner = Vmtar.write(entries, mtime.getEpochSecond());
        raw = Gzip.gzip(inner, tag(vib, p, boot, inner));
      }
      case "tgz" -> {
        Map<String, byte[]> content = installedFiles(vib, p, rnd);
        files.addAll(content.keySet());
        inner = Tars.ustar(content, mtime);
        raw = Gzip.gzip(inner, tag(vib, p, boot, inner));
      }
      case "boot" -> {
        inner = bootBlob(p.name(), boot, rnd);
        raw = Gzip.gzip(inner, tag(vib, p, boot, inner));
      }
      default -> raw = other(vib, p, boot, rnd, mtime);
    }
    if (size == SampleSize.FULL
        && inner != null
        && !p.name().equals("b")
        && p.realSize() != null
        && p.realSize() > raw.length) {
      FullSize.@Nullable Tagger tagger =
          boot.bootable() && ModuleTag.MODULE_TYPES.contains(p.type())
              ? (n, crc) -> ModuleTag.comment(vib, p, n, crc)
              : null;
      FullSize.@Nullable Made big = FullSize.gzip(inner, p.realSize(), seed, tagger, kinds(p));
      if (big != null) {
        List<Checksum> sums = new ArrayList<>();
        for (String kind : p.checksums()) {
          sums.add(big.checksum(kind));
        }
        Payload payload =
            new Payload(
                p.name(),
                p.type(),
                big.bytes().length,
                withUncompressedSize ? big.innerLength() : -1,
                p.bootOrder() == null ? -1 : p.bootOrder(),
                p.vfatName() == null ? "" : p.vfatName(),
                "",
                sums);
        return new SynthPayload(payload, big.bytes(), files);
      }
    }
    List<Checksum> sums = new ArrayList<>();
    for (String kind : p.checksums()) {
      sums.add(checksum(kind, raw, inner, seed));
    }
    long uncompressed = withUncompressedSize && inner != null ? inner.length : -1;
    Payload payload =
        new Payload(
            p.name(),
            p.type(),
            raw.length,
            uncompressed,
            p.bootOrder() == null ? -1 : p.bootOrder(),
            p.vfatName() == null ? "" : p.vfatName(),
            "",
            sums);
    return new SynthPayload(payload, raw, files);
  }

  private static List<String> kinds(PayloadSpec p) {
    for (String k : p.checksums()) {
      if (k.endsWith("/txt-mle")) {
        throw new IllegalArgumentException(p.name() + ": no full-size form with " + k);
      }
    }
    return p.checksums();
  }

  private static String tag(VibSpec vib, PayloadSpec p, BootImages boot, byte[] inner) {
    return boot.bootable() ? ModuleTag.comment(vib, p, inner) : "";
  }

  private static Checksum checksum(String kind, byte[] raw, byte @Nullable [] inner, String seed) {
    int slash = kind.indexOf('/');
    String type = slash < 0 ? kind : kind.substring(0, slash);
    String process = slash < 0 ? "" : kind.substring(slash + 1);
    String algorithm =
        switch (type) {
          case "sha-256" -> "SHA-256";
          case "sha-1" -> "SHA-1";
          default -> throw new IllegalArgumentException(seed + ": checksum type " + type);
        };
    byte[] over =
        switch (process) {
          case "" -> raw;
          case "gunzip" -> require(inner, seed, kind);
          case "txt-mle" ->
              concat(
                  TXT_MLE_PREFIX.getBytes(StandardCharsets.US_ASCII), require(inner, seed, kind));
          default -> throw new IllegalArgumentException(seed + ": verify-process " + process);
        };
    return new Checksum(type, process, HexFormat.of().formatHex(digest(algorithm, over)));
  }

  private static byte[] require(byte @Nullable [] inner, String seed, String kind) {
    if (inner == null) {
      throw new IllegalArgumentException(seed + ": checksum " + kind + " on a non-gzip payload");
    }
    return inner;
  }

  private static byte[] bootBlob(String name, BootImages boot, Drbg rnd) {
    return switch (name) {
      case "b" -> boot.kernelElf();
      case "jumpstrt", "features" -> new byte[0];
      case "useropts" -> "\n".getBytes(StandardCharsets.US_ASCII);
      default -> rnd.nextBytes(1024 + rnd.nextInt(3072));
    };
  }

  private static byte[] other(
      VibSpec vib, PayloadSpec p, BootImages boot, Drbg rnd, Instant mtime) {
    return switch (p.name()) {
      case "isolinux.bin" -> boot.isolinuxBin();
      case "BOOTx64.EFI" -> boot.bootx64Efi();
      case "efiboot.img" -> boot.efibootImg();
      case "mboot.c32" -> boot.mbootC32();
      case "fatBootSector" -> {
        byte[] s = BootImages.placeholder("fatBootSector", 512);
        s[510] = 0x55;
        s[511] = (byte) 0xAA;
        yield s;
      }
      case "mbr.bin" -> BootImages.placeholder("mbr.bin", 440);
      case "gptmbr.bin" -> BootImages.placeholder("gptmbr.bin", 424);
      case "esximage.zip" -> zip(Map.of("vmware/esximage/README.txt", text(vib, p)), mtime);
      case "metadata.xml" ->
          ("<metadata><esxforge-sample vib=\""
                  + vib.id()
                  + "\">placeholder upgrade metadata</esxforge-sample></metadata>\n")
              .getBytes(StandardCharsets.UTF_8);
      default -> {
        if (p.type().equals("text") || p.name().endsWith(".py")) {
          yield text(vib, p);
        }
        yield BootImages.placeholder(
            p.name() + " (" + p.type() + ") of " + vib.id(), 1024 + rnd.nextInt(1024));
      }
    };
  }

  private static byte[] text(VibSpec vib, PayloadSpec p) {
    String prefix = p.name().endsWith(".py") ? "# " : "";
    return (prefix
            + "esxforge sample payload '"
            + p.name()
            + "' of "
            + vib.id()
            + "\n"
            + prefix
            + "Synthetic content: this is not VMware software.\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** What a vgz/tgz payload installs, path to content, sorted by path. */
  static Map<String, byte[]> installedFiles(VibSpec vib, PayloadSpec p, Drbg rnd) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    boolean driver = vib.tags().contains("driver") && vib.payloads().indexOf(p) == 0;
    if (driver) {
      String mod = vib.name().replace('-', '_');
      StringBuilder map = new StringBuilder();
      StringBuilder ids = new StringBuilder("# esxforge sample pci ids for " + vib.name() + "\n");
      for (String tag : vib.tags()) {
        if (tag.startsWith("PCIID ") && tag.length() >= 14 && tag.length() <= 28) {
          // the tag is the map's own pattern (real descriptors carry one per map line: vendor,
          // device, then optional subsystem and class digits, '.' for any), padded to ESXi's
          // 22-digit native form as the real maps are (fixtures: lsi_mr3.map, nvme_community.map)
          String id = tag.substring(6).toLowerCase(Locale.ROOT);
          map.append("regtype=native,bus=pci,id=")
              .append(id)
              .append(".".repeat(22 - id.length()))
              .append(",driver=")
              .append(mod)
              .append('\n');
          if (id.substring(0, 8).indexOf('.') < 0) {
            ids.append(id, 0, 4).append(' ').append(id, 4, 8).append('\n');
          }
        }
      }
      files.put(
          "etc/vmware/default.map.d/" + mod + ".map",
          map.toString().getBytes(StandardCharsets.US_ASCII));
      files.put("usr/lib/vmware/vmkmod/" + mod, rnd.nextBytes(1024 + rnd.nextInt(3072)));
      files.put(
          "usr/share/hwdata/default.pciids.d/" + mod + ".ids",
          ids.toString().getBytes(StandardCharsets.US_ASCII));
    } else if (p.type().equals("tgz") && vib.type().equals("locker")) {
      files.put("vmtools/isoimages_manifest.txt", text(vib, p));
      files.put("vmtools/windows.iso", rnd.nextBytes(2048));
    } else {
      files.put(
          "usr/lib/vmware/esxforge-sample/" + vib.name() + "/" + p.name() + ".dat",
          rnd.nextBytes(512 + rnd.nextInt(1536)));
    }
    return new java.util.TreeMap<>(files);
  }

  private static byte[] zip(Map<String, byte[]> files, Instant mtime) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : new java.util.TreeMap<>(files).entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        ze.setTimeLocal(java.time.LocalDateTime.ofInstant(mtime, java.time.ZoneOffset.UTC));
        z.putNextEntry(ze);
        z.write(e.getValue());
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
