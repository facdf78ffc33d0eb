import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.esxforge.vib.DescriptorXml;
import org.esxforge.vib.VibVerification;
import org.esxforge.vib.VibVerifier;
import org.esxforge.vib.VibWriter;

/**
 * Builds a synthetic VIB with one gzip payload of {@code MiB} mebibytes (half random, half
 * zeros, so it compresses about 2:1 like a vmtar) and times VibVerifier on it. Usage: see
 * vib-verify.sh.
 */
public class VibVerifyBench {
  public static void main(String[] args) throws Exception {
    int mib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    Path dir = Files.createTempDirectory("vibbench");
    Path payload = dir.resolve("payload.gz");
    MessageDigest full = MessageDigest.getInstance("SHA-256");
    Random rnd = new Random(1);
    byte[] block = new byte[1 << 20];
    try (OutputStream g = new GZIPOutputStream(Files.newOutputStream(payload), 1 << 16)) {
      for (int i = 0; i < mib; i++) {
        rnd.nextBytes(block);
        java.util.Arrays.fill(block, block.length / 2, block.length, (byte) 0);
        g.write(block);
        full.update(block);
      }
    }
    byte[] raw = Files.readAllBytes(payload);
    String rawHex = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    String xml = "<vib version=\"5.0\"><type>bootbank</type><name>bench</name>"
        + "<version>1.0-1</version><vendor>X</vendor><acceptance-level>community</acceptance-level>"
        + "<payloads><payload name=\"p\" type=\"vgz\" size=\"" + raw.length + "\">"
        + "<checksum checksum-type=\"sha-256\" verify-process=\"gunzip\">"
        + HexFormat.of().formatHex(full.digest()) + "</checksum>"
        + "<checksum checksum-type=\"sha-256\">" + rawHex + "</checksum></payload></payloads></vib>";
    byte[] desc = DescriptorXml.write(DescriptorXml.parse(xml.getBytes(), "bench"));
    Path vib = dir.resolve("bench.vib");
    VibWriter.write(vib, desc, new byte[0],
        List.of(new VibWriter.Entry("p", VibWriter.Source.of(payload))),
        org.esxforge.vib.ArHeader.ModeFormat.ZERO);
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      VibVerification v = VibVerifier.verify(vib, null, VibVerifier.Options.DEFAULT);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf("run %d: %s in %.2f s: %.0f MiB/s raw, %.0f MiB/s decompressed%n", run,
          v.oneLine("bench.vib"), s, raw.length / 1048576.0 / s, mib / s);
    }
    try (var w = Files.walk(dir)) {
      w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
