package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.api.DepotSession;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.io.Parents;
import org.esxforge.model.Bulletin;
import org.esxforge.model.DeviceClaim;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.Payload;
import org.esxforge.model.VibDescriptor;
import org.esxforge.vib.DeviceMaps;
import org.esxforge.vib.Signatures;
import org.esxforge.vib.VibFile;
import org.esxforge.vib.VibMember;

/**
 * {@code esxforge inspect FILE}: whatever the file is (a VIB, an offline bundle, a component zip, a
 * depot folder), what it holds. Detection is by content.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(commandDescription = "Show what a VIB, offline bundle or component zip holds")
public final class InspectCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @Parameter(description = "FILE")
  List<String> files = new ArrayList<>();

  /** A URL goes through the same proxy, CA certificates, cache and credentials as -d. */
  @ParametersDelegate NetworkOptions network = new NetworkOptions();

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (files.size() != 1) {
      throw new UsageException("expected exactly one FILE, got " + files.size());
    }
    String file = files.get(0);
    Path path = Path.of(file);
    if (Files.isRegularFile(path) && isVib(path)) {
      inspectVib(path, console);
    } else {
      inspectDepot(file, console, network);
    }
    return ExitCode.OK;
  }

  static boolean isVib(Path path) throws IOException {
    byte[] head = new byte[8];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(head, 0, head.length);
    }
    return VibFile.matches(head, n);
  }

  private static void inspectVib(Path path, Console console) throws IOException {
    try (VibFile f = VibFile.open(path)) {
      VibDescriptor d = f.descriptor();
      // judged against the built-in VMware store, as verify and build do without --trust
      Signatures.Result sig =
          Signatures.verifyAnchored(
              f.descriptorBytes(),
              f.signatureBytes(),
              org.esxforge.vib.TrustStore.builtIn().anchorsFor(List.of(path.toString())));
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "vib");
        m.put("file", path.toString());
        m.put("size", f.size());
        Map<String, Object> vib = Views.descriptor(d);
        vib.put("signed", sig.status() != Signatures.Status.UNSIGNED);
        vib.put("signature", signature(sig));
        List<Map<String, Object>> members = new ArrayList<>();
        for (VibMember mem : f.members()) {
          members.add(Map.of("name", mem.name(), "offset", mem.dataOffset(), "size", mem.size()));
        }
        vib.put("members", members);
        vib.put("deviceClaims", Views.claims(claims(d, path)));
        m.put("vib", vib);
        console.printJson(m);
        return;
      }
      var out = console.out();
      out.println(path + ": VIB, " + f.size() + " bytes");
      printDescriptor(d, out);
      out.println(
          "  signature:   "
              + sig.detail()
              + (sig.signer().isEmpty() ? "" : " (" + sig.signer() + ")"));
      out.println("  ar members:");
      for (VibMember mem : f.members()) {
        out.println(
            "    " + mem.name() + " (" + mem.size() + " bytes at " + mem.dataOffset() + ")");
      }
      printClaims(claims(d, path), out);
    }
  }

  private static List<DeviceClaim> claims(VibDescriptor d, Path path) throws IOException {
    return DeviceMaps.mayClaim(d)
        ? DeviceMaps.read(d, Files.newInputStream(path), Parents.nameOf(path))
        : List.of();
  }

  /** The devices a VIB claims, one line each: what {@code hardware} and {@code vibs --pci} use. */
  static void printClaims(List<DeviceClaim> claims, java.io.PrintStream out) {
    if (claims.isEmpty()) {
      return;
    }
    out.println("  device claims (" + claims.size() + "):");
    for (DeviceClaim c : claims) {
      out.println(
          "    "
              + c.describePattern()
              + " -> "
              + c.driver()
              + " ("
              + c.regtype()
              + (c.deviceClass().isEmpty() ? "" : ", " + c.deviceClass())
              + ", "
              + c.mapFile()
              + ")");
    }
  }

  static void printDescriptor(VibDescriptor d, java.io.PrintStream out) {
    out.println("  id:          " + d.id());
    out.println("  name:        " + d.name() + " " + d.version() + " (" + d.type() + ")");
    out.println("  vendor:      " + d.vendor());
    out.println("  summary:     " + d.summary());
    out.println("  acceptance:  " + d.acceptanceLevel());
    out.println("  released:    " + d.releaseDate());
    if (!d.softwarePlatforms().isEmpty()) {
      out.println(
          "  platforms:   "
              + String.join(
                  ", ",
                  d.softwarePlatforms().stream()
                      .map(p -> p.version().isEmpty() ? "any" : p.version())
                      .toList()));
    }
    var r = d.relationships();
    if (!r.depends().isEmpty()) {
      out.println("  depends:     " + join(r.depends()));
    }
    if (!r.conflicts().isEmpty()) {
      out.println("  conflicts:   " + join(r.conflicts()));
    }
    if (!r.replaces().isEmpty()) {
      out.println("  replaces:    " + join(r.replaces()));
    }
    if (!r.provides().isEmpty()) {
      out.println("  provides:    " + join(r.provides()));
    }
    out.println("  payloads:");
    for (Payload p : d.payloads()) {
      out.println(
          "    "
              + p.name()
              + " ("
              + p.type()
              + ", "
              + p.size()
              + " bytes"
              + (p.hasBootOrder() ? ", boot-order " + p.bootOrder() : "")
              + (p.vfatName().isEmpty() ? "" : ", vfat-name " + p.vfatName())
              + ")");
    }
  }

  private static String join(List<?> items) {
    return String.join(", ", items.stream().map(Object::toString).toList());
  }

  static Map<String, Object> signature(Signatures.Result sig) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", sig.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put("signer", sig.signer());
    m.put("signingTime", Views.time(sig.signingTime()));
    m.put("detail", sig.detail());
    return m;
  }

  private static void inspectDepot(String location, Console console, NetworkOptions network)
      throws IOException, UsageException {
    String expanded = network.expandDepots(List.of(location), console.env()).get(0);
    try (DepotSession session = network.openSession(console.events(), console.env());
        Catalog c = session.catalog(List.of(expanded))) {
      if (console.json()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", Views.depot(c.depots().get(0)).get("kind"));
        m.put("depot", Views.depot(c.depots().get(0)));
        m.put("bulletins", c.bulletins().stream().map(Views::bulletin).toList());
        m.put("profiles", c.profiles().stream().map(Views::profile).toList());
        List<Map<String, Object>> vibs = new ArrayList<>();
        for (CatalogVib v : c.vibs().values()) {
          Map<String, Object> vm = Views.vib(v);
          vm.put("deviceClaims", Views.claims(c.deviceClaims(v.id())));
          vibs.add(vm);
        }
        m.put("vibs", vibs);
        console.printJson(m);
        return;
      }
      var out = console.out();
      var info = c.depots().get(0);
      out.println(
          location
              + ": "
              + Views.depot(info).get("kind")
              + ", "
              + c.vibs().size()
              + " VIB(s), "
              + c.bulletins().size()
              + " bulletin(s)/component(s), "
              + c.profiles().size()
              + " profile(s)");
      for (Bulletin b : c.bulletins()) {
        out.println(
            (b.isComponent()
                    ? "component "
                        + b.componentName()
                        + " "
                        + b.componentVersion()
                        + " ("
                        + b.id()
                        + ")"
                    : "bulletin " + b.id())
                + ": "
                + b.summary());
      }
      for (ImageProfile p : c.profiles()) {
        out.println(
            "profile "
                + p.name()
                + " ("
                + p.vibIds().size()
                + " VIBs, "
                + p.acceptanceLevel()
                + ")");
      }
      for (CatalogVib v : c.vibs().values()) {
        out.println("vib " + v.relativePath() + " (" + v.packedSize() + " bytes)");
        printDescriptor(v.descriptor(), out);
        printClaims(c.deviceClaims(v.id()), out);
      }
    }
  }
}
