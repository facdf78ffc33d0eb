package org.esxforge.image;

import java.util.List;

/**
 * Installer boot options (docs/formats.md §6): a kickstart file on the ISO and extra kernel options
 * appended to {@code kernelopt=} of both BOOT.CFG copies.
 *
 * <p>Immutable and thread-safe.
 *
 * @param kickstart true when the ISO carries {@code /KS.CFG}; adds {@code ks=cdrom:/KS.CFG}
 * @param kernelOpts extra options, appended in order after the kickstart option
 */
public record BootOptions(boolean kickstart, List<String> kernelOpts) {
  /** The ISO's {@code ks=} option. */
  public static final String KICKSTART_OPT = "ks=cdrom:/KS.CFG";

  public BootOptions {
    kernelOpts = List.copyOf(kernelOpts);
    for (String o : kernelOpts) {
      if (o.isBlank() || o.indexOf('\n') >= 0 || o.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("kernel option must be one non-empty line: '" + o + "'");
      }
    }
  }

  /** No kickstart, no extra options. */
  public static BootOptions none() {
    return new BootOptions(false, List.of());
  }
}
