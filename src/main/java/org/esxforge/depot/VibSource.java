package org.esxforge.depot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a catalog VIB's bytes come from. Streams check the length against the depot metadata and
 * fail with a one-line {@link org.esxforge.io.FormatException} on a mismatch.
 *
 * <p>Implementations are thread-safe: several streams may be open at once.
 */
public interface VibSource {

  /** A new stream over the whole {@code .vib}. The caller closes it. */
  InputStream open() throws IOException;

  /** The region of a local file holding the exact bytes, when there is one (zero-copy). */
  Optional<LocalRegion> localRegion();

  /**
   * A local file holding exactly the VIB: the file itself when the VIB already is one, else a copy
   * written (atomically) into {@code tempDir}, which the caller then owns.
   */
  Path materialize(Path tempDir) throws IOException;

  /** For messages: e.g. {@code bundle.zip!vib20/x/x.vib} or the URL. */
  String describe();

  /**
   * The payload results of a VIB that esxforge wrote itself and verified as it wrote it (an
   * installer ISO's rebuilt VIBs), for a verification that reads these bytes; empty for every VIB a
   * depot holds.
   */
  default Optional<org.esxforge.vib.VerifiedPayloads> verifiedPayloads() {
    return Optional.empty();
  }
}
