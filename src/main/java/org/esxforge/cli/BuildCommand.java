package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.esxforge.api.DepotSession;
import org.esxforge.build.AddSpec;
import org.esxforge.build.BuildException;
import org.esxforge.build.BuildRequest;
import org.esxforge.build.BuildResult;
import org.esxforge.build.EditRefusedException;
import org.esxforge.build.ImageModel;
import org.esxforge.build.OutputPathException;
import org.esxforge.build.OutputPaths;
import org.esxforge.depot.xml.SoftwareSpecJson;
import org.esxforge.hardware.HardwareCheck;
import org.esxforge.io.Messages;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.InvalidModelException;
import org.esxforge.model.SoftwareSpec;
import org.esxforge.model.VibId;
import org.esxforge.profile.EditNote;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileDiff;
import org.esxforge.profile.ProfileValidationException;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge build}: clone a base profile, edit it, validate, export an installer ISO and/or
 * an offline bundle. Output timestamps come from {@code SOURCE_DATE_EPOCH} when set, else from the
 * base profile's creation time, so the same inputs give the same bytes.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Build a custom image: clone --base as --name, --add/--remove"
            + " VIBs, validate, write --iso and/or --bundle")
final class BuildCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @Parameter(
      description =
          "[RECIPE] a recipe file (profiles/*.yaml|json): build it; the other"
              + " options then override its fields")
  List<String> recipe = new ArrayList<>();

  /** -d (required without a recipe), --trust, and the network options (proxy, CA, cache). */
  @ParametersDelegate DepotArgs depotArgs = new DepotArgs();

  @Parameter(
      names = "--locked",
      description =
          "Recipe: build exactly what RECIPE.lock.json pins;"
              + " fail (exit 6) listing every difference when the recipe or the depots changed")
  boolean locked;

  @Parameter(names = "--update-lock", description = "Recipe: resolve afresh and rewrite the lock")
  boolean updateLock;

  @Parameter(
      names = "--base",
      description =
          "Base profile name, or latest, latest:standard,"
              + " latest:no-tools, latest:VERSION (e.g. latest:7.0, latest:8.0U3), latest:security;"
              + " parts combine: latest:7.0:no-tools")
  @Nullable String base;

  @Parameter(names = "--spec", description = "Compose from a PowerCLI/vLCM software-spec JSON")
  @Nullable Path spec;

  @Parameter(
      names = "--base-image",
      description = "Compose from a base image: VERSION|latest[:8.0]")
  @Nullable String baseImage;

  @Parameter(names = "--addon", description = "Vendor add-on NAME[@VERSION]")
  @Nullable String addOn;

  @Parameter(names = "--component", description = "Component NAME[@VERSION] (repeatable)")
  List<String> components = new ArrayList<>();

  @Parameter(names = "--remove-component", description = "Component NAME to remove", hidden = true)
  List<String> removedComponents = new ArrayList<>();

  @Parameter(names = "--name", description = "Name of the new profile")
  @Nullable String name;

  @Parameter(names = "--vendor", description = "Vendor (creator) of the new profile")
  @Nullable String vendor;

  @Parameter(names = "--description", description = "Description of the new profile")
  @Nullable String description;

  @Parameter(
      names = "--add",
      description =
          "VIB to add: NAME (newest), NAME@VERSION, VIB id,"
              + " a .vib file, or a bundle/component zip (everything in it) (repeatable)")
  List<String> adds = new ArrayList<>();

  @Parameter(
      names = "--vib-list",
      description =
          "Start from exactly the VIBs in this file (one"
              + " NAME, NAME@VERSION, VIB id or .vib path a line; # comments) instead of the base's VIBs")
  @Nullable Path vibList;

  @Parameter(
      names = "--add-all-from",
      description =
          "Add every VIB (newest per name) of this"
              + " bundle, component zip or depot folder; applied after the --add options (repeatable)")
  List<String> addAllFrom = new ArrayList<>();

  @Parameter(
      names = "--remove",
      description = "VIB name to remove, applied after the adds" + " (repeatable)")
  List<String> removes = new ArrayList<>();

  @Parameter(
      names = "--acceptance",
      description =
          "Set the profile's acceptance level"
              + " explicitly: certified, accepted, partner, community")
  @Nullable String acceptance;

  @Parameter(names = "--iso", description = "Write the installer ISO here")
  @Nullable Path iso;

  @Parameter(names = "--bundle", description = "Write an offline bundle zip here")
  @Nullable Path bundle;

  @Parameter(
      names = "--pxe",
      description =
          "Write a PXE tree here for TFTP/HTTP as is (boot.cfg,"
              + " mboot.efi, pxelinux.cfg, README.txt with the DHCP lines)")
  @Nullable Path pxe;

  @Parameter(
      names = "--dry-run",
      description =
          "Resolve, verify, validate and plan; print the"
              + " plan (VIBs, BOOT.CFG modules, output sizes) and write nothing")
  boolean dryRun;

  @Parameter(
      names = "--kickstart",
      description = "Put this ks.cfg on the ISO as KS.CFG and boot" + " with ks=cdrom:/KS.CFG")
  @Nullable Path kickstart;

  @Parameter(names = "--kernelopt", description = "Append to kernelopt= in BOOT.CFG (repeatable)")
  List<String> kernelOpts = new ArrayList<>();

  @Parameter(names = "--iso-writer", description = "builtin, genisoimage, mkisofs or xorriso")
  String isoWriter = "builtin";

  @Parameter(
      names = "--no-signature-check",
      description = "Do not refuse unsigned or badly" + " signed VIBs")
  boolean noSignatureCheck;

  @Parameter(
      names = "--for-hardware",
      description =
          "Host device list (lspci, esxcli, vmkchdev,"
              + " vendor:device): add its drivers; exit 3 if a NIC/disk controller has none")
  @Nullable Path forHardware;

  @Parameter(
      names = "--force",
      description =
          "Export even if validation fails (every problem" + " is printed; the image may not boot)")
  boolean force;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (!recipe.isEmpty()) {
      return RecipeBuildMode.run(this, console);
    }
    if (locked || updateLock) {
      throw new UsageException("--locked and --update-lock need a RECIPE argument");
    }
    if (depotArgs.depots.isEmpty()) {
      throw new UsageException("give a RECIPE file, or -d DEPOT… --name NEW");
    }
    if (name == null) {
      throw new UsageException("--name is required without a recipe (the new profile's name)");
    }
    checkOutputs();
    BuildRequest.Builder b =
        BuildRequest.builder()
            .depots(depotArgs.locations(console.events(), console.env()))
            .base(base == null ? "latest" : base)
            .name(name)
            .spec(softwareSpec(null))
            .vendor(vendor)
            .description(description)
            .iso(iso)
            .bundle(bundle)
            .pxe(pxe)
            .dryRun(dryRun)
            .kickstart(kickstart)
            .isoWriter(isoWriter)
            .signatureCheck(!noSignatureCheck)
            .force(force);
    if (vibList != null) {
      if (!Files.isRegularFile(vibList)) {
        throw new UsageException("--vib-list " + vibList + ": no such file");
      }
      List<String> specs = new ArrayList<>();
      for (String line : Files.readAllLines(vibList)) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          specs.add(t);
        }
      }
      b.vibList(specs);
    }
    adds.forEach(b::add);
    for (String a : addAllFrom) {
      if (!Files.exists(Path.of(a))) {
        throw new UsageException("--add-all-from " + a + ": no such file or folder");
      }
      b.add(AddSpec.of(Path.of(a))); // a package whatever its name looks like
    }
    removes.forEach(b::remove);
    kernelOpts.forEach(b::kernelOpt);
    if (acceptance != null) {
      try {
        b.acceptance(AcceptanceLevel.parse(acceptance));
      } catch (InvalidModelException e) {
        throw new UsageException(
            "--acceptance " + acceptance + ": expected certified, accepted, partner or community");
      }
    }
    b.trustStore(depotArgs.trustStore(console.env()));
    if (kickstart != null && !Files.isRegularFile(kickstart)) {
      throw new UsageException("--kickstart " + kickstart + ": no such file");
    }
    if (iso == null && bundle == null && pxe == null) {
      throw new UsageException(
          "nothing to write: give --iso OUT.iso, --bundle OUT.zip and/or --pxe DIR");
    }
    b.buildTime(sourceDateEpoch(console.env()));
    if (forHardware != null) {
      b.hardware(HardwareCommand.readDevices(forHardware).devices());
    }
    BuildResult r;
    try {
      // online depots go through the download cache, proxy and --offline of -d's options
      try (DepotSession session = depotArgs.network.openSession(console.events(), console.env())) {
        r = session.build(b.build());
      }
    } catch (ProfileValidationException e) {
      boolean edit = e instanceof EditRefusedException;
      if (!console.json()) {
        for (Problem p : e.problems()) {
          console.err().println("esxforge build: " + p);
        }
        if (e.problems().stream().anyMatch(p -> p.code() == Problem.Code.ACCEPTANCE_LEVEL)) {
          console
              .err()
              .println(
                  "esxforge build: to admit such VIBs, lower the profile's level"
                      + " explicitly with --acceptance LEVEL (e.g. --acceptance community)");
        }
      }
      throw new ExitCodeException(
          ExitCode.INVALID_PROFILE,
          "profile "
              + name
              + " not built: "
              + e.problems().size()
              + " problem"
              + (e.problems().size() == 1 ? "" : "s")
              + " (each above); fix "
              + (e.problems().size() == 1 ? "it" : "them")
              + (force || edit ? "" : ", or export anyway with --force"),
          e.problems());
    } catch (OutputPathException e) {
      throw new UsageException(Messages.of(e));
    } catch (BuildException e) {
      throw BuildFailures.ofFlags(e);
    }
    if (console.json()) {
      console.printJson(json(r));
    } else {
      text(r, console);
    }
    if (r.forced()) {
      console.warn(
          "--force: exported "
              + name
              + " with "
              + r.problems().size()
              + " validation problem"
              + (r.problems().size() == 1 ? "" : "s")
              + " (listed above); THE IMAGE MAY NOT BOOT OR INSTALL");
    }
    return ExitCode.OK;
  }

  /**
   * The software spec of {@code --spec} and the {@code --base-image}/{@code --addon}/{@code
   * --component}/{@code --remove-component} options (which override or extend the file's parts),
   * layered over {@code recipeSpec}; null when none of them is given.
   */
  @Nullable SoftwareSpec softwareSpec(@Nullable SoftwareSpec recipeSpec)
      throws UsageException, java.io.IOException {
    boolean flags =
        baseImage != null || addOn != null || !components.isEmpty() || !removedComponents.isEmpty();
    if (spec == null && !flags) {
      return recipeSpec;
    }
    if (base != null) {
      throw new UsageException(
          "--base clones a profile; --spec/--base-image compose from a base"
              + " image: give one or the other");
    }
    SoftwareSpec from = recipeSpec;
    if (spec != null) {
      if (!Files.isRegularFile(spec)) {
        throw new UsageException("--spec " + spec + ": no such file");
      }
      if (Files.size(spec) > SoftwareSpecJson.MAX_BYTES) {
        throw new UsageException(
            "--spec "
                + spec
                + ": larger than "
                + (SoftwareSpecJson.MAX_BYTES >> 20)
                + " MiB; not a software spec");
      }
      from = SoftwareSpecJson.parse(Files.readAllBytes(spec), spec.toString());
    }
    String bi = baseImage != null ? baseImage : from != null ? from.baseImage() : null;
    if (bi == null) {
      throw new UsageException(
          "--addon/--component need a base image: add --base-image VERSION"
              + " (or latest, latest:8.0) or --spec FILE");
    }
    SoftwareSpec.AddOnRef a =
        addOn != null ? SoftwareSpec.AddOnRef.parse(addOn) : from != null ? from.addOn() : null;
    java.util.TreeMap<String, String> cs = new java.util.TreeMap<>();
    java.util.TreeSet<String> rm = new java.util.TreeSet<>();
    if (from != null) {
      cs.putAll(from.components());
      rm.addAll(from.removedComponents());
    }
    for (String c : components) {
      int at = c.indexOf('@');
      cs.put(at < 0 ? c : c.substring(0, at), at < 0 ? "" : c.substring(at + 1));
    }
    rm.addAll(removedComponents);
    return new SoftwareSpec(bi, a, cs, rm);
  }

  /**
   * Outputs against every input, before any depot is opened or sample generated: an output that is
   * an input, or not a regular file, is a usage error.
   */
  private void checkOutputs() throws UsageException {
    List<OutputPaths.Named> outputs = new ArrayList<>();
    if (iso != null) {
      outputs.add(new OutputPaths.Named("--iso", iso));
    }
    if (bundle != null) {
      outputs.add(new OutputPaths.Named("--bundle", bundle));
    }
    List<OutputPaths.Named> inputs = new ArrayList<>(OutputPaths.existing("-d", depotArgs.depots));
    inputs.addAll(OutputPaths.existing("--add", adds));
    inputs.addAll(OutputPaths.existing("--add-all-from", addAllFrom));
    if (vibList != null) {
      inputs.add(new OutputPaths.Named("--vib-list", vibList));
    }
    if (kickstart != null) {
      inputs.add(new OutputPaths.Named("--kickstart", kickstart));
    }
    inputs.addAll(OutputPaths.existing("--trust", depotArgs.trust));
    try {
      OutputPaths.check(outputs, inputs);
    } catch (OutputPathException e) {
      throw new UsageException(Messages.of(e));
    }
  }

  /** {@code SOURCE_DATE_EPOCH} of {@code env} as an instant, or null. */
  static @Nullable Instant sourceDateEpoch(Map<String, String> env) throws UsageException {
    String s = env.get("SOURCE_DATE_EPOCH");
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Instant.ofEpochSecond(Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      throw new UsageException("SOURCE_DATE_EPOCH=" + s + ": expected seconds since 1970");
    }
  }

  /**
   * Prints the result as text, written to stdout at once: a 20,000-VIB build's summary has as many
   * lines, each a write of its own on an autoflushing stdout.
   */
  static void text(BuildResult r, Console c) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out =
        new java.io.PrintStream(buffer, false, java.nio.charset.StandardCharsets.UTF_8);
    text(r, out);
    out.flush();
    c.out().print(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
    c.out().flush();
  }

  private static void text(BuildResult r, java.io.PrintStream out) {
    boolean dry = r.dryRun();
    if (dry) {
      out.println("dry run: nothing written; a build with the same options writes:");
    }
    for (BuildResult.Output o : r.outputs()) {
      String label = o.kind().label();
      out.printf(
          Locale.ROOT,
          "%-8s %s (%s%s)%n",
          label,
          o.path(),
          size(o.size()),
          o.sha256() == null ? "" : ", sha256 " + o.sha256());
    }
    out.println(
        "profile: "
            + r.profile().name()
            + " ("
            + r.profile().vibIds().size()
            + " VIBs,"
            + " acceptance "
            + r.profile().acceptanceLevel().xmlValue()
            + "), "
            + (r.base().startsWith("ESXi:") ? "composed from base image " : "cloned from ")
            + r.base()
            + " ("
            + r.baseReason()
            + ")");
    modelText(r.model(), out);
    if (r.moduleCount() > 0) {
      out.println(
          "boot:    "
              + r.moduleCount()
              + " BOOT.CFG modules (kernel included), BIOS + UEFI;"
              + " volume "
              + r.volumeId()
              + ", "
              + r.isoFiles()
              + " files (BOOT.CFG,"
              + " EFI/BOOT/BOOT.CFG, ISOLINUX.CFG, IMGDB.TGZ, IMGPAYLD.TGZ, UPGRADE/"
              + (r.bootCfg().contains("ks=cdrom:/KS.CFG") ? ", KS.CFG" : "")
              + ")");
    }
    ProfileDiff d = r.changes();
    d.added().forEach(id -> out.println("  added     " + id));
    d.removed().forEach(id -> out.println("  removed   " + id));
    d.upgraded().forEach(ch -> out.println("  upgraded  " + ch.from() + " -> " + ch.to()));
    d.downgraded().forEach(ch -> out.println("  downgraded " + ch.from() + " -> " + ch.to()));
    d.changed().forEach(ch -> out.println("  changed   " + ch.from() + " -> " + ch.to()));
    // a dry run shows every reason; plain "added X"/"removed X" notes repeat the lines above
    r.notes().stream()
        .filter(
            n ->
                dry
                    ? !n.plainChange()
                    : n.kind() == EditNote.Kind.REPLACED || n.kind() == EditNote.Kind.FOR_DEVICE)
        .forEach(n -> out.println("  note: " + n.text()));
    if (r.hardware() != null) {
      long driven =
          r.hardware().devices().stream()
              .filter(v -> v.status() == HardwareCheck.Status.IN_IMAGE)
              .count();
      out.println(
          "hardware: "
              + driven
              + " of "
              + r.hardware().devices().size()
              + " listed device(s) driven by the image");
      for (HardwareCheck.DeviceVerdict v : r.hardware().devices()) {
        out.println(
            "  "
                + HardwareCommand.label(v)
                + " -> "
                + (v.vib() == null
                    ? (v.required() ? "NO DRIVER" : "no driver (not needed to install)")
                    : v.driver() + " (" + v.vibName() + " " + v.vibVersion() + ")"));
      }
    }
    if (dry && !r.bootCfg().isEmpty()) {
      out.println("BOOT.CFG:");
      r.bootCfg()
          .lines()
          .filter(l -> !l.startsWith("modules="))
          .forEach(l -> out.println("  " + l));
      List<String> mods = bootModules(r.bootCfg());
      for (int i = 0; i < mods.size(); i++) {
        out.printf(Locale.ROOT, "  module %3d %s%n", i + 1, mods.get(i));
      }
    }
  }

  /** The {@code modules=} entries of a BOOT.CFG text, in order. */
  static List<String> bootModules(String bootCfg) {
    for (String l : bootCfg.split("\n", -1)) {
      if (l.startsWith("modules=")) {
        List<String> out = new ArrayList<>();
        for (String m : l.substring("modules=".length()).split(" --- ", -1)) {
          if (!m.isBlank()) {
            out.add(m.strip());
          }
        }
        return out;
      }
    }
    return List.of();
  }

  static void modelText(ImageModel m, java.io.PrintStream out) {
    if (m.spec() == null) {
      return;
    }
    SoftwareSpec s = m.spec();
    out.println(
        "spec:    base image "
            + s.baseImage()
            + (s.addOn() == null ? "" : ", add-on " + s.addOn().name() + " " + s.addOn().version())
            + ", "
            + s.components().size()
            + " component(s) added or changed"
            + (s.removedComponents().isEmpty()
                ? ""
                : ", removed " + String.join(", ", s.removedComponents()))
            + " (written beside each output as *"
            + ImageModel.SPEC_SUFFIX
            + ")");
    s.components().forEach((n, v) -> out.println("  component " + n + " " + v));
    m.reserved()
        .forEach(
            b ->
                out.println(
                    "  reserved  "
                        + b.componentName()
                        + " "
                        + b.componentVersion()
                        + " (base-image component the image replaced)"));
    if (!m.outsideComponents().isEmpty()) {
      out.println(
          "  note: "
              + m.outsideComponents().size()
              + " VIB(s) belong to no component"
              + " and cannot be expressed in the spec: "
              + String.join(", ", m.outsideComponents().stream().map(VibId::value).toList()));
    }
  }

  static Map<String, Object> modelJson(ImageModel m) {
    Map<String, Object> j = new LinkedHashMap<>();
    if (m.spec() != null) {
      j.put("spec", SoftwareSpecJson.tree(m.spec()));
    }
    j.put("releaseUnits", m.releaseUnits().stream().map(u -> u.effectiveId()).toList());
    j.put(
        "components",
        m.components().stream()
            .filter(b -> b.isComponent())
            .map(b -> b.componentName() + ":" + b.componentVersion())
            .toList());
    j.put(
        "reservedComponents",
        m.reserved().stream().map(b -> b.componentName() + ":" + b.componentVersion()).toList());
    j.put("vibsOutsideComponents", m.outsideComponents().stream().map(VibId::value).toList());
    return j;
  }

  static Map<String, Object> json(BuildResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("profile", r.profile().name());
    m.put("base", r.base());
    m.put("baseReason", r.baseReason());
    m.put("acceptanceLevel", r.profile().acceptanceLevel().xmlValue());
    m.put("vibs", r.profile().vibIds().stream().map(VibId::value).toList());
    m.put("changes", r.changes().toJsonTree());
    m.put("model", modelJson(r.model()));
    m.put("notes", r.notes().stream().map(EditNote::text).toList());
    m.put("problems", r.problems().stream().map(Problem::toString).toList());
    List<Map<String, Object>> outs = new ArrayList<>();
    for (BuildResult.Output o : r.outputs()) {
      Map<String, Object> om = new LinkedHashMap<>();
      om.put("kind", o.kind().id());
      om.put("path", o.path().toString());
      om.put("size", o.size());
      om.put("sha256", o.sha256() == null ? null : o.sha256().hex());
      outs.add(om);
    }
    m.put("outputs", outs);
    m.put("bootModules", r.moduleCount());
    m.put("volumeId", r.volumeId());
    m.put("isoFiles", r.isoFiles());
    m.put("dryRun", r.dryRun());
    if (!r.bootCfg().isEmpty()) {
      m.put("bootCfg", r.bootCfg());
      m.put("bootCfgModules", bootModules(r.bootCfg()));
    }
    if (r.hardware() != null) {
      m.put("hardware", r.hardware().devices().stream().map(HardwareCommand::verdictJson).toList());
    }
    return m;
  }

  static String size(long bytes) {
    if (bytes < 1 << 20) {
      return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
