package org.esxforge.build;

import java.io.IOException;
import org.esxforge.profile.ProfileValidationException;

/**
 * One named step of a build. Steps run in order on one {@link BuildContext}; each reads what the
 * steps before it left there and adds its own part. The list is {@link BuildPipeline#steps}:
 * resolve → verify → validate → plan → write → commit.
 *
 * <p>Implementations are stateless and thread-safe; the context is not.
 */
interface BuildStep {
  /** A short name for progress and tests, e.g. {@code resolve}. */
  String name();

  void run(BuildContext c) throws IOException, ProfileValidationException, BuildException;
}
