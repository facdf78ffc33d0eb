package org.esxforge.build;

import java.util.Objects;
import org.esxforge.depot.Catalog;
import org.esxforge.event.EventHandlers;
import org.esxforge.model.ImageProfile;
import org.jspecify.annotations.Nullable;

/**
 * The pipeline's first step: what the image starts from. With a software spec ({@link
 * BuildRequest#spec()}) that is the image {@link ImageComposer} composes from the base image,
 * add-on and components; otherwise the base profile {@link BaseSelector} picks ({@code --base}).
 * The {@code --add}/{@code --remove} edits then apply to {@link Start#profile()}.
 *
 * <p>Stateless and thread-safe.
 */
final class BaseStep {
  private BaseStep() {}

  /**
   * Where the build starts.
   *
   * @param base what the changes are reported against: the base profile, or the base image alone
   * @param baseName its name (the profile name, or the base image's {@code ESXi:<version>} id)
   * @param reason why that base
   * @param profile the profile the edits apply to (the base profile, or the composed image)
   * @param composition the composition of a spec build, else null
   */
  record Start(
      ImageProfile base,
      String baseName,
      String reason,
      ImageProfile profile,
      ImageComposer.@Nullable Composition composition) {
    Start {
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(profile, "profile");
    }
  }

  static Start run(Catalog cat, BuildRequest req, EventHandlers events)
      throws BuildException, EditRefusedException {
    if (req.spec() == null) {
      BaseSelector.Chosen c = BaseSelector.choose(cat, req.base());
      events.info("base profile: " + c.profile().name() + " (" + c.reason() + ")");
      return new Start(c.profile(), c.profile().name(), c.reason(), c.profile(), null);
    }
    ImageComposer.Composition comp = ImageComposer.compose(cat, req.spec());
    comp.notes().forEach(events::info);
    return new Start(
        comp.baseProfile(), comp.baseImage().effectiveId(), comp.reason(), comp.profile(), comp);
  }
}
