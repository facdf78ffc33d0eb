package org.esxforge.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
  @TempDir Path tmp;

  private static long deadPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    p.waitFor();
    return p.pid();
  }

  @Test
  void shownName_outputTempFile_isTheOutputsName_otherNamesUnchanged() throws Exception {
    Path f = TempFiles.createFile(tmp, ".ESXi 7.0.iso.", ".partial");
    assertEquals("ESXi 7.0.iso", TempFiles.shownName(f));
    assertEquals("x.iso", TempFiles.shownName(tmp.resolve("x.iso")));
    assertEquals(
        ".x.iso.esxforge-1-2.tmp", TempFiles.shownName(tmp.resolve(".x.iso.esxforge-1-2.tmp")));
    assertEquals(".partial", TempFiles.shownName(tmp.resolve(".partial")));
  }

  @Test
  void createFile_namesThisProcess() throws Exception {
    Path f = TempFiles.createFile(tmp, ".x.iso.", ".partial");
    assertTrue(
        f.getFileName()
            .toString()
            .startsWith(".x.iso.esxforge-" + ProcessHandle.current().pid() + "-"),
        f.toString());
    assertFalse(TempFiles.isStale(f.getFileName().toString(), List.of(".x.iso.")));
  }

  @Test
  void removeStale_deadOwnerOnly_directoriesToo() throws Exception {
    long dead = deadPid();
    Path work = Files.createDirectories(tmp.resolve("esxforge-build-esxforge-" + dead + "-7"));
    Files.writeString(work.resolve("a.vib"), "x");
    Path mine = TempFiles.createDirectory(tmp, "esxforge-build-");
    Path noTag = Files.createDirectories(tmp.resolve("esxforge-build-123"));
    Path otherPrefix = Files.writeString(tmp.resolve("other-esxforge-" + dead + "-1"), "x");
    assertEquals(List.of(work), TempFiles.removeStale(tmp, List.of("esxforge-build-")));
    assertTrue(Files.isDirectory(mine));
    assertTrue(Files.isDirectory(noTag));
    assertTrue(Files.exists(otherPrefix));
    assertEquals(List.of(), TempFiles.removeStale(tmp.resolve("missing"), List.of("x")));
  }
}
