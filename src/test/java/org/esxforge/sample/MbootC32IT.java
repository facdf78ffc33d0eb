package org.esxforge.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's {@code mboot.c32} is the same bytes on every build and has the shape ldlinux.c32's
 * module loader accepts, read back with binutils' readelf: a 32-bit i386 shared object with a
 * dynamic table and a GNU hash, no DT_NEEDED (everything it calls is exported by ldlinux.c32 and
 * the core), {@code main} and the constructor-list symbols the loader looks up. That pxelinux runs
 * it is PxeBootIT's proof.
 */
class MbootC32IT {
  @TempDir Path a;
  @TempDir Path b;

  @Test
  void build_twice_byteIdentical_andAnElfModuleLdlinuxAccepts() throws Exception {
    ExternalTools.require("gcc");
    Path readelf = ExternalTools.require("readelf");
    byte[] one = MbootC32.build(a);
    assertArrayEquals(one, MbootC32.build(b));
    ByteBuffer h = ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(0x464c457f, h.getInt(0), "ELF magic");
    assertEquals(1, one[4], "ELFCLASS32");
    assertEquals(1, one[5], "little-endian");
    assertEquals(3, h.getShort(16), "ET_DYN");
    assertEquals(3, h.getShort(18), "EM_386");
    assertTrue(one.length < 64 * 1024, "size " + one.length);

    Path f = a.resolve("mboot.c32");
    String dyn = run(readelf, a, "-d", f.toString());
    assertTrue(dyn.contains("(GNU_HASH)"), dyn);
    assertFalse(dyn.contains("(NEEDED)"), dyn);
    assertFalse(dyn.contains("(TEXTREL)"), dyn);
    String syms = run(readelf, a, "--dyn-syms", "-W", f.toString());
    for (String s : new String[] {" main", " __ctors_start", " __ctors_end", " __dtors_start"}) {
      assertTrue(
          syms.lines().anyMatch(l -> l.endsWith(s) && !l.contains(" UND ")), s + "\n" + syms);
    }
    for (String s : new String[] {" syslinux_shuffle_boot_pm", " loadfile", " zloadfile"}) {
      assertTrue(syms.lines().anyMatch(l -> l.endsWith(s) && l.contains(" UND ")), s + "\n" + syms);
    }
    String phdrs = run(readelf, a, "-lW", f.toString());
    assertTrue(phdrs.contains("DYNAMIC"), phdrs);
  }

  private static String run(Path tool, Path dir, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = tool.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), new String(out, StandardCharsets.UTF_8));
    return new String(out, StandardCharsets.UTF_8);
  }
}
