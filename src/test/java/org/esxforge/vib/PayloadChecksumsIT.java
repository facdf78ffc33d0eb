package org.esxforge.vib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.esxforge.model.Checksum;
import org.esxforge.model.Payload;
import org.esxforge.testing.ExternalTools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vzstd payloads made the way VMware 9.0 makes them (zstd with a 128 MiB window, then gzip), with
 * the real {@code zstd} CLI, to exercise {@link ZstdWindowClamp} on both sides of its 8 MiB limit.
 */
class PayloadChecksumsIT {
  @TempDir Path tmp;

  private Payload vzstd(byte[] content, byte[] raw, byte[] layer1) throws Exception {
    return new Payload(
        "p",
        "vzstd",
        raw.length,
        content.length,
        -1,
        "",
        "level=18",
        List.of(
            new Checksum("sha-256", "gunzip", hex("SHA-256", content)),
            new Checksum("sha-256", "", hex("SHA-256", raw)),
            new Checksum("sha-1", "gunzip", hex("SHA-1", content)),
            new Checksum("sha-256-gunzip1", "", hex("SHA-256", layer1))));
  }

  private byte[] zstdLong(byte[] content) throws Exception {
    Path zstd = ExternalTools.require("zstd");
    Path in = tmp.resolve("content");
    Files.write(in, content);
    // From stdin, as a stream of unknown size: the frame then declares the full 128 MiB window
    // instead of a single segment sized to the content (what VMware's 9.0 payloads show).
    Process p =
        new ProcessBuilder(zstd.toString(), "-q", "--long=27", "-3", "-c")
            .redirectInput(in.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out;
    try (InputStream s = p.getInputStream()) {
      out = s.readAllBytes();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    return out;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (GZIPOutputStream g = new GZIPOutputStream(o)) {
      g.write(b);
    }
    return o.toByteArray();
  }

  private static String hex(String alg, byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(b));
  }

  private static byte[] random(long seed, int n) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void verify_longWindowSmallContent_fullyChecked() throws Exception {
    byte[] content = random(1, 3 << 20);
    byte[] layer1 = zstdLong(content);
    assertTrue((layer1[5] & 0xff) >>> 3 > 13, "frame declares a window over 8 MiB");
    byte[] raw = gzip(layer1);
    PayloadChecksums.PayloadResult r =
        PayloadChecksums.verify(vzstd(content, raw, layer1), new java.io.ByteArrayInputStream(raw));
    assertEquals(List.of(), r.problems());
    assertTrue(r.results().stream().allMatch(x -> x.outcome() == PayloadChecksums.Outcome.PASS));
    assertEquals(content.length, r.uncompressedSize());
  }

  @Test
  void verify_longWindowMatchBeyond8MiB_fullChecksumsNotCheckableRestPass() throws Exception {
    byte[] a = random(2, 1 << 20);
    byte[] b = random(3, 9 << 20);
    byte[] content = new byte[a.length * 2 + b.length];
    System.arraycopy(a, 0, content, 0, a.length);
    System.arraycopy(b, 0, content, a.length, b.length);
    System.arraycopy(a, 0, content, a.length + b.length, a.length); // a match 10 MiB back
    byte[] layer1 = zstdLong(content);
    assertTrue(layer1.length < content.length - (512 << 10), "zstd found the long match");
    byte[] raw = gzip(layer1);
    PayloadChecksums.PayloadResult r =
        PayloadChecksums.verify(vzstd(content, raw, layer1), new java.io.ByteArrayInputStream(raw));
    assertEquals(List.of(), r.problems());
    assertEquals(
        List.of(
            PayloadChecksums.Outcome.NOT_CHECKABLE,
            PayloadChecksums.Outcome.PASS,
            PayloadChecksums.Outcome.NOT_CHECKABLE,
            PayloadChecksums.Outcome.PASS),
        r.results().stream().map(PayloadChecksums.Result::outcome).toList());
    assertTrue(
        r.results()
            .get(0)
            .note()
            .startsWith("zstd window of 134217728 bytes is beyond the pure-Java decoder: "),
        r.results().get(0).note());
  }
}
