package org.esxforge.build;

import java.util.List;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileValidationException;

/**
 * An edit ({@code --add}, {@code --remove}) that was refused before validation: a VIB that does not
 * exist, or one below the profile's acceptance level. {@code --force} does not override these;
 * {@code --acceptance LEVEL} lowers the level explicitly.
 *
 * <p>Immutable and thread-safe.
 */
public final class EditRefusedException extends ProfileValidationException {
  private static final long serialVersionUID = 1L;

  public EditRefusedException(List<Problem> problems) {
    super(problems);
  }
}
