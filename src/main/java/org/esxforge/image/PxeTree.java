package org.esxforge.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.esxforge.io.Parents;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoSource;

/**
 * A network-boot (PXE) tree of an installer image, laid out the way VMware's PXE guides describe
 * (docs/formats.md §8.7), ready for a TFTP or HTTP server to serve as it is:
 *
 * <pre>
 * README.txt               what to put in DHCP and on the servers
 * mboot.efi                UEFI boot file: the image's own EFI/BOOT/BOOTX64.EFI (mboot.efi)
 * crypto64.efi             beside it when the image has one (7.0U3 and later)
 * boot.cfg                 read by mboot.efi from its own directory (UEFI)
 * pxelinux.cfg/default     BIOS entry: KERNEL &lt;image&gt;/mboot.c32, APPEND -c &lt;image&gt;/boot.cfg
 * &lt;image&gt;/               every file of the installer ISO, names lower-case, and its boot.cfg
 * </pre>
 *
 * Both {@code boot.cfg} files are the ISO's BOOT.CFG with {@code prefix=<image>}, the leading
 * {@code /} dropped from {@code kernel=} and every {@code modules=} entry, the {@code cdromBoot}
 * token removed from {@code kernelopt} (and {@code ks=cdrom:…}, which cannot work over the
 * network): exactly VMware's recipe. The BIOS loader {@code pxelinux.0} is not part of an ESXi
 * image (VMware's mboot.c32 requires SYSLINUX 3.86's; the sample's mboot.c32, a SYSLINUX 6 module,
 * requires 6.x and its ldlinux.c32); the README says where it goes. Every file's time is the build
 * time and nothing else varies, so the same inputs give the same tree.
 *
 * <p>Stateless and thread-safe.
 */
public final class PxeTree {
  /** The image directory's name (VMware's guides say {@code ESXi-x}; one fixed lower-case name). */
  public static final String IMAGE_DIR = "esxi";

  /** The BIOS loader the README asks for; not written (not in the image). */
  public static final String PXELINUX = "pxelinux.0";

  /** How the tree's README.txt starts: how esxforge recognises a tree it may replace. */
  public static final String README_START = "Network boot (PXE) tree of ";

  private PxeTree() {}

  /**
   * The tree's files (path relative to the tree root, {@code /}-separated, sorted) and their
   * sources, for the ISO image {@code iso} whose BOOT.CFG is {@code cfg}.
   */
  public static SortedMap<String, IsoSource> files(IsoImage iso, BootCfg cfg, String profile) {
    SortedMap<String, IsoSource> out = new TreeMap<>();
    BootCfg pxe = bootCfg(cfg);
    byte[] pxeCfg = pxe.bytes();
    for (Map.Entry<IsoPath, IsoSource> e : iso.files().entrySet()) {
      String rel = e.getKey().path().substring(1).toLowerCase(Locale.ROOT);
      if (e.getKey().equals(iso.bootCatalog())) {
        continue;
      }
      IsoSource src =
          rel.equals("boot.cfg") || rel.equals("efi/boot/boot.cfg")
              ? IsoSource.bytes(pxeCfg)
              : e.getValue();
      out.put(IMAGE_DIR + "/" + rel, src);
      if (rel.equals("efi/boot/bootx64.efi")) {
        out.put("mboot.efi", e.getValue());
      } else if (rel.equals("efi/boot/crypto64.efi")) {
        out.put("crypto64.efi", e.getValue());
      }
    }
    out.put("boot.cfg", IsoSource.bytes(pxeCfg));
    out.put("pxelinux.cfg/default", IsoSource.bytes(pxelinuxCfg(profile)));
    out.put(
        "README.txt",
        IsoSource.bytes(
            readme(profile, out.containsKey("crypto64.efi")).getBytes(StandardCharsets.UTF_8)));
    return out;
  }

  /** The PXE form of an installer BOOT.CFG (§8.7). */
  public static BootCfg bootCfg(BootCfg iso) {
    List<String> mods = new ArrayList<>();
    for (String m : iso.modules()) {
      mods.add(relative(m));
    }
    List<String> opts = new ArrayList<>();
    for (String o : iso.kernelOpt().trim().split("\\s+", -1)) {
      if (!o.isEmpty() && !o.equals("cdromBoot") && !o.startsWith("ks=cdrom:")) {
        opts.add(o);
      }
    }
    return new BootCfg(
        iso.bootState(),
        iso.title(),
        iso.timeout(),
        IMAGE_DIR,
        relative(iso.kernel()),
        String.join(" ", opts),
        mods,
        iso.build(),
        iso.updated());
  }

  private static String relative(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  static byte[] pxelinuxCfg(String profile) {
    return String.join(
            "\n",
            "DEFAULT install",
            "NOHALT 1",
            "LABEL install",
            "  KERNEL " + IMAGE_DIR + "/mboot.c32",
            "  APPEND -c " + IMAGE_DIR + "/boot.cfg",
            "  MENU LABEL " + profile + " ^Installer",
            "  IPAPPEND 2",
            "")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String readme(String profile, boolean crypto) {
    return String.join(
        "\n",
        README_START + profile + ", written by esxforge.",
        "",
        "Serve this folder as the root of a TFTP server (and, if you like, an HTTP server).",
        "",
        "UEFI: the boot file is mboot.efi (the image's own EFI loader"
            + (crypto ? "; crypto64.efi must stay beside it" : "")
            + "). It reads boot.cfg",
        "from its own folder; boot.cfg has prefix=" + IMAGE_DIR + ", so every module is loaded",
        "from " + IMAGE_DIR + "/.",
        "",
        "BIOS: put pxelinux.0 in this folder (it is not part of an ESXi image). VMware's",
        "mboot.c32 needs SYSLINUX 3.86's (VMware's PXE guide requires that version); an",
        "mboot.c32 that is a SYSLINUX 6 module (an ELF file, as in esxforge's sample image)",
        "needs pxelinux.0 6.x with its ldlinux.c32 beside it. pxelinux.cfg/default starts",
        IMAGE_DIR + "/mboot.c32 -c " + IMAGE_DIR + "/boot.cfg.",
        "",
        "DHCP (ISC dhcpd; replace 192.0.2.10 with your TFTP server's address):",
        "",
        "    option client-arch code 93 = unsigned integer 16;",
        "    next-server 192.0.2.10;",
        "    if option client-arch = 00:07 or option client-arch = 00:09 {",
        "      filename \"mboot.efi\";",
        "    } else {",
        "      filename \"" + PXELINUX + "\";",
        "    }",
        "",
        "dnsmasq: dhcp-match=set:efi,option:client-arch,7",
        "         dhcp-boot=tag:efi,mboot.efi",
        "         dhcp-boot=tag:!efi," + PXELINUX,
        "         enable-tftp",
        "         tftp-root=/path/to/this/folder",
        "",
        "Kickstart: the CD path ks=cdrom:/KS.CFG does not work over the network; add",
        "ks=http://SERVER/" + IMAGE_DIR + "/ks.cfg to kernelopt= in both boot.cfg files instead.",
        "");
  }

  /**
   * Writes {@code files} below {@code dir} (which must exist and be empty), every file and folder
   * with the time {@code time}; returns the number of bytes written.
   */
  public static long write(SortedMap<String, IsoSource> files, Path dir, Instant time)
      throws IOException {
    long total = 0;
    FileTime t = FileTime.from(time);
    List<Path> dirs = new ArrayList<>();
    for (Map.Entry<String, IsoSource> e : files.entrySet()) {
      Path f = dir.resolve(e.getKey());
      if (!f.normalize().startsWith(dir)) {
        throw new IllegalArgumentException("PXE path escapes the tree: " + e.getKey());
      }
      Path parent = Parents.of(f);
      if (!Files.isDirectory(parent)) {
        Files.createDirectories(parent);
        for (Path p = parent; p != null && !p.equals(dir); p = p.getParent()) {
          dirs.add(p);
        }
      }
      try (FileChannel ch =
          FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        e.getValue().writeTo(ch);
        long size = ch.size();
        if (size != e.getValue().size()) {
          throw new IOException(f + ": wrote " + size + " bytes, expected " + e.getValue().size());
        }
        total += size;
      }
      Files.setLastModifiedTime(f, t);
    }
    for (Path d : dirs) {
      Files.setLastModifiedTime(d, t);
    }
    Files.setLastModifiedTime(dir, t);
    return total;
  }
}
