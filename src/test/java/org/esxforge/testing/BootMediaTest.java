package org.esxforge.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class BootMediaTest {
  @Test
  void bootCfgParse_realEsxi70BootCfg_kernelAndModules() throws Exception {
    String text =
        Files.readString(Fixtures.real("bootcfg/esxi-7.0.0-15843807-ga.boot.cfg").toAbsolutePath());
    BootMedia.BootCfg cfg = BootMedia.BootCfg.parse(text);
    assertEquals("/b.b00", cfg.kernel());
    assertTrue(cfg.modules().contains("/jumpstrt.gz"), cfg.modules().toString());
    assertEquals(
        List.of("/jumpstrt.gz", "/useropts.gz", "/features.gz", "/k.b00"),
        cfg.modules().subList(0, 4));
    assertTrue(cfg.modules().stream().allMatch(m -> m.startsWith("/")), cfg.modules().toString());
  }

  @Test
  void bootCfgParse_prefixAndComments_applied() {
    BootMedia.BootCfg cfg =
        BootMedia.BootCfg.parse(
            "# x\nPrefix=/esx\nKERNEL=b.b00\nkernelopt=a   b\nmodules=k.b00 opt --- /abs.v00 ---  s.v00 # c\n");
    assertEquals("/esx/b.b00", cfg.kernel());
    assertEquals("a b", cfg.kernelOpt());
    assertEquals(List.of("/esx/k.b00", "/abs.v00", "/esx/s.v00"), cfg.modules());
  }

  @Test
  void bootLogParse_linesWithNoise_parsed() {
    BootLog log =
        BootLog.parse(
            "\u001b[2J\rLoading s.v00... o\r\nTESTKERNEL: entered, magic=0x2badb002\r\n"
                + "TESTKERNEL: cmdline=b.b00 x\nTESTKERNEL: module 0 size=9 crc32=26e48868 name=useropts.gz\n"
                + "TESTKERNEL: check /useropts.gz ok size=9\nTESTKERNEL: FAIL missing /s.v00\n"
                + "TESTKERNEL: bootcfg entries=2\nTESTKERNEL: BOOT-FAIL checks failed\n");
    assertEquals("b.b00 x", log.cmdline().orElseThrow());
    assertEquals(List.of(new BootLog.Module(0, 9, "26e48868", "useropts.gz")), log.modules());
    assertEquals(List.of("/useropts.gz ok size=9"), log.checks());
    assertEquals(List.of("missing /s.v00"), log.failures());
    assertEquals(2, log.bootCfgEntries());
    assertEquals("checks failed", log.bootFail().orElseThrow());
    assertEquals(false, log.bootOk());
  }

  @Test
  void bootLogParse_serconCursorMoveInsideALine_textReadsAsOnScreen() {
    // As SeaBIOS sercon wrote it on the bottom row of its 80x25 screen (a PXE BIOS boot's log):
    // where the moves fall depends on how many dots iPXE printed while DHCP waited.
    BootLog log =
        BootLog.parse(
            "PXELINUX 6.04 PXE 20200816 Copyright (C) 1994-2015 H. Peter Anvin et a"
                + "\u001b[25;70H\u001b[25;71Hl\r\r\nPXEL\u001b[25;5HINUX 6.\r\n");
    assertTrue(log.text().contains("H. Peter Anvin et al\n"), log.text());
    assertTrue(log.text().contains("\nPXELINUX 6.\n"), log.text());
  }
}
