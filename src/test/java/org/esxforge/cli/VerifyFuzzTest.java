package org.esxforge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.esxforge.testing.Fixtures;
import org.esxforge.testing.TamperedDepots;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz of {@code esxforge verify} on mutants of real fixtures: a signed, certified VMware
 * component (nvme-community 7.0) and an unsigned community VIB (net-r8125), as bundles and as loose
 * {@code .vib} files. Kinds: byte flips, truncations, duplicate zip entries, descriptor edits with
 * and without the outer metadata (size, SHA-256, {@code vibs/*.xml}) fixed up, and metadata-only
 * edits.
 *
 * <p>For every mutant: the exit code is 0 or 5; no stack trace and no internal error is printed; it
 * finishes within 10 s; and when verify accepts it, an independent oracle (commons-compress, a tiny
 * ar reader, SHA-256 of the bytes) confirms that nothing covered by a checksum or the signature
 * changed: every payload's bytes are the original's, a signed VIB's descriptor and signature are
 * the original's, the bundle's metadata states the VIB's true size and SHA-256 and agrees with the
 * VIB's descriptor. The counts per kind are printed.
 */
class VerifyFuzzTest {
  private static final long SEED = 0x5afe_10L;
  private static final String NVME =
      "nvme-community-driver_1.0.1.0-3vmw.700.1.0.15843807-component-18902434.zip";
  private static final int FLIPS = 800;
  private static final int TRUNCATIONS = 160;
  private static final int DUPLICATES = 160;
  private static final int EDITS = 640;
  private static final int METADATA_EDITS = 200;

  private static ExecutorService runner;

  @TempDir Path tmp;

  /** The originals a mutant is made from. */
  private record Base(
      String label,
      byte[] bytes,
      boolean bundle,
      Map<String, byte[]> payloads,
      byte[] descriptor,
      byte[] signature) {
    boolean signed() {
      return signature.length > 0;
    }

    /** The members of {@code vib} (read with the test's own ar reader). */
    static Base of(String label, byte[] bytes, boolean bundle, byte[] vib) {
      Map<String, byte[]> payloads = new HashMap<>();
      byte[] descriptor = null;
      byte[] signature = new byte[0];
      for (TamperedDepots.Member m : TamperedDepots.readAr(vib)) {
        switch (m.name()) {
          case "descriptor.xml" -> descriptor = m.bytes();
          case "sig.pkcs7" -> signature = m.bytes();
          default -> payloads.put(m.name(), m.bytes());
        }
      }
      return new Base(label, bytes, bundle, payloads, descriptor, signature);
    }
  }

  private final Map<String, Map<String, Integer>> counts = new TreeMap<>();
  private final List<String> failures = new ArrayList<>();

  @BeforeAll
  static void start() {
    runner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "verify-fuzz");
              t.setDaemon(true);
              return t;
            });
  }

  @AfterAll
  static void stop() {
    runner.shutdownNow();
  }

  private static Base base(String label, byte[] bytes, boolean bundle) throws Exception {
    return Base.of(label, bytes, bundle, bundle ? vibOf(bytes) : bytes);
  }

  private static byte[] vibOf(byte[] zip) throws Exception {
    for (Map.Entry<String, byte[]> e : TamperedDepots.entries(zip)) {
      if (e.getKey().endsWith(".vib")) {
        return e.getValue();
      }
    }
    throw new IllegalArgumentException("no .vib in the bundle");
  }

  @Test
  void verify_thousandsOfMutants_noneAcceptedWithBrokenChecksumsNoCrashNoHang() throws Exception {
    Random rnd = new Random(SEED);
    byte[] nvmeZip = Files.readAllBytes(Fixtures.real(NVME));
    byte[] netVib = TamperedDepots.baseVib();
    List<Base> bases =
        List.of(
            base("nvme component (signed)", nvmeZip, true),
            base("nvme .vib (signed)", vibOf(nvmeZip), false),
            base("net-r8125 bundle (unsigned)", TamperedDepots.bundle(netVib).build(), true),
            base("net-r8125 .vib (unsigned)", netVib, false));
    for (Base b : bases) {
      check("original", b, b.bytes(), true);
    }
    for (int i = 0; i < FLIPS; i++) {
      Base b = bases.get(i % bases.size());
      byte[] m = b.bytes().clone();
      int flips = 1 + rnd.nextInt(3);
      for (int k = 0; k < flips; k++) {
        m[rnd.nextInt(m.length)] ^= (byte) (1 + rnd.nextInt(255));
      }
      check("byte flip", b, m, false);
    }
    for (int i = 0; i < TRUNCATIONS; i++) {
      Base b = bases.get(i % bases.size());
      check("truncation", b, Arrays.copyOf(b.bytes(), rnd.nextInt(b.bytes().length)), false);
    }
    for (int i = 0; i < DUPLICATES; i++) {
      Base b = bases.get(2 * (i % 2)); // the bundles
      List<Map.Entry<String, byte[]>> entries = new ArrayList<>(TamperedDepots.entries(b.bytes()));
      Map.Entry<String, byte[]> dup = entries.get(rnd.nextInt(entries.size()));
      byte[] body = i % 4 < 2 ? dup.getValue() : flip(dup.getValue(), rnd);
      entries.add(rnd.nextBoolean() ? entries.size() : 0, Map.entry(dup.getKey(), body));
      check("duplicate entry", b, TamperedDepots.zip(entries), false);
    }
    for (int i = 0; i < EDITS; i++) {
      Base b = bases.get(i % bases.size());
      UnaryOperator<String> edit = descriptorEdit(rnd);
      boolean fixUp = (i / bases.size()) % 2 == 0;
      byte[] m = b.bundle() ? editBundle(b.bytes(), edit, fixUp) : editVib(b.bytes(), edit);
      check(
          b.bundle()
              ? "descriptor edit, metadata " + (fixUp ? "fixed up" : "as before")
              : "descriptor edit, loose .vib",
          b,
          m,
          false);
    }
    for (int i = 0; i < METADATA_EDITS; i++) {
      Base b = bases.get(2 * (i % 2));
      UnaryOperator<String> edit = descriptorEdit(rnd);
      byte[] m =
          TamperedDepots.realWithMetadataEditBytes(
              b.bytes(), x -> x.startsWith("<vib") ? edit.apply(x) : x);
      check("metadata-only edit", b, m, false);
    }
    StringBuilder report =
        new StringBuilder("verify fuzz (seed 0x" + Long.toHexString(SEED) + "):\n");
    counts.forEach((k, v) -> report.append(String.format("  %-40s %s%n", k, v)));
    System.out.print(report);
    assertEquals(List.of(), failures, report.toString());
  }

  private static byte[] flip(byte[] b, Random rnd) {
    byte[] m = b.clone();
    if (m.length > 0) {
      m[rnd.nextInt(m.length)] ^= (byte) (1 + rnd.nextInt(255));
    }
    return m;
  }

  /** One random edit an attacker might make to descriptor text. */
  private static UnaryOperator<String> descriptorEdit(Random rnd) {
    int kind = rnd.nextInt(10);
    int salt = rnd.nextInt(1 << 20);
    return switch (kind) {
      case 0 ->
          d ->
              d.replaceFirst(
                  "<acceptance-level>[a-z]+<",
                  "<acceptance-level>"
                      + List.of("certified", "accepted", "partner", "community").get(salt % 4)
                      + "<");
      case 1 ->
          d -> d.replaceFirst("<version>([^<]*)</version>", "<version>$1." + salt + "</version>");
      case 2 ->
          d -> d.replaceFirst("<summary>([^<]*)</summary>", "<summary>$1 " + salt + "</summary>");
      case 3 -> d -> d.replaceFirst("size=\"(\\d+)\"", "size=\"" + salt + "\"");
      case 4 ->
          d -> {
            int c = d.indexOf("checksum-type=\"sha-256\"");
            int gt = d.indexOf('>', c) + 1;
            char ch = d.charAt(gt);
            return d.substring(0, gt) + (ch == '0' ? '1' : '0') + d.substring(gt + 1);
          };
      case 5 ->
          d ->
              d.replaceFirst(
                  "</payloads>",
                  "<payload name=\"extra"
                      + salt
                      + "\" type=\"tgz\" size=\"1\"><checksum checksum-type=\"sha-256\">"
                      + "0".repeat(64)
                      + "</checksum></payload></payloads>");
      case 6 -> d -> d.replaceFirst("<payload [^>]*>.*?</payload>", "");
      case 7 ->
          d ->
              d.replaceFirst(
                  "(<system-requires>)",
                  "$1<softwarePlatform version=\""
                      + (salt % 9)
                      + ".0\" locale=\"\" productLineID=\"embeddedEsx\"/>");
      case 8 ->
          d ->
              d.replaceFirst(
                  "<name>([^<]*)</name>", "<name>$1" + (salt % 2 == 0 ? "x" : "/../x") + "</name>");
      default ->
          d -> d.replaceFirst("</depends>", "<constraint name=\"evil" + salt + "\"/></depends>");
    };
  }

  /** The loose VIB with its descriptor edited. */
  private static byte[] editVib(byte[] vib, UnaryOperator<String> edit) {
    List<TamperedDepots.Member> out = new ArrayList<>();
    for (TamperedDepots.Member m : TamperedDepots.readAr(vib)) {
      out.add(
          m.name().equals("descriptor.xml")
              ? new TamperedDepots.Member(
                  m.name(),
                  edit.apply(new String(m.bytes(), StandardCharsets.UTF_8))
                      .getBytes(StandardCharsets.UTF_8))
              : m);
    }
    return TamperedDepots.writeAr(out);
  }

  /**
   * The bundle with its VIB's descriptor edited; with {@code fixUp}, the {@code vibs/*.xml} entry
   * is made to describe the edited VIB (descriptor, size and SHA-256), as an attacker would.
   */
  private static byte[] editBundle(byte[] zip, UnaryOperator<String> edit, boolean fixUp)
      throws Exception {
    byte[] vib = vibOf(zip);
    byte[] edited = editVib(vib, edit);
    String oldSha = TamperedDepots.sha256(vib);
    String newSha = TamperedDepots.sha256(edited);
    String newDescriptor = TamperedDepots.descriptorOf(edited);
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : TamperedDepots.entries(zip)) {
      if (e.getKey().endsWith(".vib")) {
        out.add(Map.entry(e.getKey(), edited));
      } else if (fixUp && e.getKey().endsWith("metadata.zip")) {
        out.add(
            Map.entry(
                e.getKey(),
                TamperedDepots.editXmlMembers(
                    e.getValue(),
                    x ->
                        fixMetadata(x, newDescriptor, oldSha, newSha, vib.length, edited.length))));
      } else {
        out.add(e);
      }
    }
    return TamperedDepots.zip(out);
  }

  private static String fixMetadata(
      String xml, String descriptor, String oldSha, String newSha, int oldSize, int newSize) {
    String s = xml.replace(oldSha, newSha).replace(">" + oldSize + "<", ">" + newSize + "<");
    if (!s.startsWith("<vib")) {
      return s;
    }
    // a vibs/*.xml entry: the new descriptor plus the three depot elements
    int a = s.indexOf("<relative-path>");
    int b = s.indexOf("</checksum>", a) + "</checksum>".length();
    return descriptor.replace("</software-tags>", "</software-tags>" + s.substring(a, b));
  }

  private void check(String kind, Base base, byte[] mutant, boolean mustAccept) throws Exception {
    Path file = tmp.resolve(base.bundle() ? "m.zip" : "m.vib");
    Files.write(file, mutant);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    Future<Integer> f =
        runner.submit(
            () ->
                Main.run(
                    new String[] {"verify", "--no-cache", file.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
    int code;
    try {
      code = f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      fail(kind, base, "ran longer than 10 s");
      return;
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    String all = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    String outcome;
    if (all.contains("\tat ") || all.contains("internal error")) {
      fail(kind, base, "stack trace or internal error: " + all);
      outcome = "crashed";
    } else if (code == 0) {
      String why = oracle(base, mutant);
      if (why != null) {
        fail(kind, base, "accepted but " + why);
      }
      outcome = "accepted (covered bytes intact)";
    } else if (code == 5) {
      outcome = "refused";
    } else {
      fail(kind, base, "exit " + code + ": " + all);
      outcome = "exit " + code;
    }
    if (mustAccept && code != 0) {
      fail(kind, base, "the original is refused: " + all);
    }
    counts.computeIfAbsent(kind, k -> new LinkedHashMap<>()).merge(outcome, 1, Integer::sum);
    counts
        .computeIfAbsent(kind, k -> new LinkedHashMap<>())
        .merge("total ms", (int) ms, Integer::sum);
    if (ms > 5000) {
      counts
          .computeIfAbsent(kind, k -> new LinkedHashMap<>())
          .merge("slower than 5 s", 1, Integer::sum);
    }
  }

  private void fail(String kind, Base base, String what) {
    if (failures.size() < 20) {
      failures.add(kind + " of " + base.label() + ": " + what);
    }
  }

  /**
   * Why an accepted mutant should not have been accepted, or null when every byte a checksum or the
   * signature covers is intact. Independent of esxforge's readers.
   */
  private static String oracle(Base base, byte[] mutant) {
    try {
      byte[] vib = mutant;
      if (base.bundle()) {
        List<Map.Entry<String, byte[]>> entries = TamperedDepots.entries(mutant);
        if (entries.stream().map(Map.Entry::getKey).distinct().count() != entries.size()) {
          return "the zip has duplicate entries";
        }
        vib = vibOf(mutant);
        String meta = metadataVibXml(entries);
        if (meta == null) {
          return "no vibs/*.xml";
        }
        if (!meta.contains(TamperedDepots.sha256(vib))
            || !meta.contains("<packed-size>" + vib.length + "</packed-size>")) {
          return "the metadata's size or SHA-256 does not match the VIB";
        }
        String own = TamperedDepots.descriptorOf(vib);
        for (String f : List.of("acceptance-level", "name", "version", "vendor")) {
          if (!field(meta, f).equals(field(own, f))) {
            return "the metadata's " + f + " disagrees with the descriptor";
          }
        }
        if (!between(meta, "<payloads>", "</payloads>")
                .equals(between(own, "<payloads>", "</payloads>"))
            || !between(meta, "<system-requires>", "</system-requires>")
                .equals(between(own, "<system-requires>", "</system-requires>"))) {
          return "the metadata's payloads or platforms disagree with the descriptor";
        }
      }
      Base got = Base.of("mutant", mutant, base.bundle(), vib);
      Map<String, byte[]> payloads = got.payloads();
      byte[] descriptor = got.descriptor();
      byte[] signature = got.signature();
      if (payloads.size() != base.payloads().size()) {
        return "payload members changed";
      }
      for (Map.Entry<String, byte[]> p : base.payloads().entrySet()) {
        if (!Arrays.equals(p.getValue(), payloads.get(p.getKey()))) {
          return "payload '" + p.getKey() + "' changed";
        }
      }
      if (base.signed()
          && (!Arrays.equals(base.descriptor(), descriptor)
              || !Arrays.equals(base.signature(), signature))) {
        return "the signed descriptor or the signature changed";
      }
      String d = new String(descriptor, StandardCharsets.UTF_8);
      String o = new String(base.descriptor(), StandardCharsets.UTF_8);
      if (!field(d, "acceptance-level").equals(field(o, "acceptance-level"))
          && !field(d, "acceptance-level").equals("community")) {
        return "an unsigned VIB now claims " + field(d, "acceptance-level");
      }
      if (!between(d, "<payloads>", "</payloads>")
          .equals(between(o, "<payloads>", "</payloads>"))) {
        return "the payload list changed";
      }
      return null;
    } catch (Exception | AssertionError e) {
      return "the oracle cannot read it (" + e + ")";
    }
  }

  private static String metadataVibXml(List<Map.Entry<String, byte[]>> entries) throws Exception {
    for (Map.Entry<String, byte[]> e : entries) {
      if (e.getKey().endsWith("metadata.zip")) {
        for (Map.Entry<String, byte[]> m : TamperedDepots.entries(e.getValue())) {
          if (m.getKey().startsWith("vibs/")) {
            return new String(m.getValue(), StandardCharsets.UTF_8);
          }
        }
      }
    }
    return null;
  }

  private static String field(String xml, String element) {
    return between(xml, "<" + element + ">", "</" + element + ">");
  }

  private static String between(String s, String a, String b) {
    int i = s.indexOf(a);
    int j = i < 0 ? -1 : s.indexOf(b, i);
    return j < 0 ? "" : s.substring(i + a.length(), j);
  }

  @Test
  void oracle_originalsAccepted_andTheCheckItselfWorks() throws Exception {
    byte[] netVib = TamperedDepots.baseVib();
    Base b = base("net", netVib, false);
    assertEquals(null, oracle(b, netVib));
    byte[] changed =
        editVib(netVib, d -> d.replace("<acceptance-level>community", "<acceptance-level>partner"));
    assertTrue(oracle(b, changed).contains("claims partner"));
  }
}
