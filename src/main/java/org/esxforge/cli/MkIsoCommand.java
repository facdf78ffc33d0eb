package org.esxforge.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.beust.jcommander.ParametersDelegate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.esxforge.iso.ExternalIsoTool;
import org.esxforge.iso.InvalidIsoPathException;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoPath;
import org.esxforge.iso.IsoResult;
import org.esxforge.iso.IsoTrees;
import org.esxforge.iso.IsoWriter;
import org.esxforge.iso.IsoWriters;
import org.jspecify.annotations.Nullable;

/**
 * {@code esxforge mkiso TREE OUT.iso}: a directory tree as a level-1 ISO, with optional BIOS and
 * EFI boot entries. All dates are {@code SOURCE_DATE_EPOCH} if set, else the newest modification
 * time in the tree, so the output depends only on the input.
 *
 * <p>Not thread-safe (jcommander fills the fields).
 */
@Parameters(
    commandDescription =
        "Write a directory tree as an ISO 9660 level-1 image (8.3 names,"
            + " optional BIOS/EFI El Torito boot entries)")
final class MkIsoCommand implements Command {
  @ParametersDelegate CommonOptions common = new CommonOptions();

  @Parameter(description = "TREE OUT.iso")
  List<String> operands = new ArrayList<>();

  @Parameter(names = "--writer", description = "builtin, xorriso, genisoimage or mkisofs")
  String writer = "builtin";

  @Parameter(names = "--volume-id", description = "The volume identifier")
  String volumeId = "CDROM";

  @Parameter(
      names = "--bios-boot",
      description = "ISO path of a no-emulation BIOS boot image," + " e.g. /ISOLINUX.BIN")
  @Nullable String bios;

  @Parameter(
      names = "--efi-boot",
      description = "ISO path of the EFI boot image, e.g." + " /EFIBOOT.IMG")
  @Nullable String efi;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public ExitCode run(Console console) throws Exception {
    if (operands.size() != 2) {
      throw new UsageException(
          "expected TREE and OUT.iso, got "
              + operands.size()
              + " operand"
              + (operands.size() == 1 ? "" : "s"));
    }
    IsoWriter w;
    try {
      w =
          writer.equals("builtin")
              ? IsoWriters.builtin(console.events())
              : IsoWriters.external(ExternalIsoTool.parse(writer), console.events());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--writer " + writer + ": " + e.getMessage());
    }
    Path tree = Path.of(operands.get(0));
    IsoImage image =
        IsoTrees.fromTree(
            tree,
            volumeId,
            isoPath("--bios-boot", bios),
            isoPath("--efi-boot", efi),
            timestamp(tree));
    Path target = Path.of(operands.get(1));
    IsoResult r = w.write(image, target);
    if (console.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", target.toString());
      m.put("size", r.byteCount());
      m.put("sha256", r.sha256().hex());
      console.printJson(m);
    } else {
      console
          .out()
          .println("wrote " + target + " (" + r.byteCount() + " bytes, sha256 " + r.sha256() + ")");
    }
    return ExitCode.OK;
  }

  private static @Nullable IsoPath isoPath(String option, @Nullable String value)
      throws UsageException {
    if (value == null) {
      return null;
    }
    try {
      return IsoPath.parse(value);
    } catch (InvalidIsoPathException e) {
      throw new UsageException(option + " " + value + ": " + e.getMessage());
    }
  }

  private static Instant timestamp(Path tree) throws Exception {
    Instant sde = BuildCommand.sourceDateEpoch(System.getenv());
    return sde != null ? sde : IsoTrees.newestTime(tree);
  }
}
