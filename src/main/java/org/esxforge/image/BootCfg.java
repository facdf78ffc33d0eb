package org.esxforge.image;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.profile.EsxBase;

/**
 * An mboot {@code BOOT.CFG} (docs/formats.md §5.5) and its exact installer-ISO text. Both copies on
 * the ISO ({@code /BOOT.CFG}, {@code /EFI/BOOT/BOOT.CFG}) are {@link #bytes()} of one instance.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kernel e.g. {@code /b.b00}
 * @param modules in order, each e.g. {@code /jumpstrt.gz}
 * @param build the esx-base version (7.0+), "" before 7.0
 */
public record BootCfg(
    int bootState,
    String title,
    int timeout,
    String prefix,
    String kernel,
    String kernelOpt,
    List<String> modules,
    String build,
    int updated) {

  /** The title of an installer ISO. */
  public static final String INSTALLER_TITLE = "Loading ESXi installer";

  public BootCfg {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(kernel, "kernel");
    Objects.requireNonNull(kernelOpt, "kernelOpt");
    Objects.requireNonNull(build, "build");
    modules = List.copyOf(modules);
  }

  /**
   * The installer ISO's BOOT.CFG: {@code bootstate=0}, the installer title, {@code timeout=5},
   * empty {@code prefix=}, kernel and modules from {@code plan} as {@code /<local name>}, {@code
   * build=} the esx-base version (7.0+; empty before), {@code updated=0}.
   */
  public static BootCfg installer(ModulePlan plan, BootOptions options) {
    List<String> mods = new ArrayList<>();
    for (ModulePlan.Module m : plan.modules()) {
      mods.add("/" + m.localName());
    }
    StringBuilder opt = new StringBuilder(baseKernelOpt(plan.release()));
    if (options.kickstart()) {
      opt.append(' ').append(BootOptions.KICKSTART_OPT);
    }
    for (String o : options.kernelOpts()) {
      opt.append(' ').append(o.trim());
    }
    String build = EsxBase.major(plan.release()) >= 7 ? plan.esxBaseVersion().text() : "";
    return new BootCfg(
        0, INSTALLER_TITLE, 5, "", "/" + plan.kernel().localName(), opt.toString(), mods, build, 0);
  }

  /**
   * {@code cdromBoot runweasel} up to release 7.0.0 (6.7U2 and 7.0 GA, BC67/BC70), {@code runweasel
   * cdromBoot} after (7.0.2 and every 8.x/9.x sample) [I; 7.0.1 unobserved, placed with the later
   * form since it is a later release].
   */
  static String baseKernelOpt(String release) {
    return new SoftwareVersion(release).compareSemantically(new SoftwareVersion("7.0.0")) <= 0
        ? "cdromBoot runweasel"
        : "runweasel cdromBoot";
  }

  /**
   * The text: keys in the order bootstate, title, timeout, prefix, kernel, kernelopt, modules
   * (joined by {@code " --- "}), build, updated; LF line ends; no newline after the last line,
   * exactly like the real 7.0 GA ISO file (fixtures/real/bootcfg, BC70).
   */
  public String text() {
    return "bootstate="
        + bootState
        + "\n"
        + "title="
        + title
        + "\n"
        + "timeout="
        + timeout
        + "\n"
        + "prefix="
        + prefix
        + "\n"
        + "kernel="
        + kernel
        + "\n"
        + "kernelopt="
        + kernelOpt
        + "\n"
        + "modules="
        + String.join(" --- ", modules)
        + "\n"
        + "build="
        + build
        + "\n"
        + "updated="
        + updated;
  }

  /** {@link #text()} as UTF-8 (all ASCII in practice). */
  public byte[] bytes() {
    return text().getBytes(StandardCharsets.UTF_8);
  }
}
