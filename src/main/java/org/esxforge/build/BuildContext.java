package org.esxforge.build;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.esxforge.depot.Catalog;
import org.esxforge.depot.CatalogVib;
import org.esxforge.event.EventHandlers;
import org.esxforge.hardware.HardwareCheck;
import org.esxforge.image.IsoPlan;
import org.esxforge.iso.IsoImage;
import org.esxforge.iso.IsoWriter;
import org.esxforge.model.Bulletin;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.EditNote;
import org.esxforge.profile.Problem;
import org.esxforge.profile.ProfileEditor;
import org.jspecify.annotations.Nullable;

/**
 * What the steps of one build share: the request and the open catalog (given), and what each step
 * adds in turn — the chosen base and edited profile ({@link ResolveStep}), the verified local VIBs
 * ({@link VerifyStep}), the problems ({@link ValidateStep}), the ISO plan ({@link PlanStep}), the
 * finished temp files ({@link WriteStep}) and the result ({@link CommitStep}). A field is null
 * until the step that fills it has run.
 *
 * <p>Not thread-safe; one per build.
 */
final class BuildContext {
  final BuildRequest request;
  final Catalog catalog;
  final EventHandlers events;

  /** Scratch space for this build (materialised remote VIBs), deleted afterwards. */
  final Path temp;

  /** The temp files beside each target, moved into place by {@link CommitStep}. */
  final Outputs outputs = new Outputs();

  /** The ISO writer (builtin or an external tool), or null without {@code iso}. */
  final @Nullable IsoWriter writer;

  /** The catalog's component platforms, made on first use (resolve and validate need them). */
  private @Nullable ComponentPlatforms platforms;

  // ResolveStep
  /** The base (a profile, or a base image composed with add-on and components). */
  BaseStep.@Nullable Start base;

  ProfileEditor.@Nullable Result edit;

  /** The edited profile with its creation and modification time set to {@link #time}. */
  @Nullable ImageProfile profile;

  /** Every timestamp of the outputs. */
  @Nullable Instant time;

  @Nullable Map<VibId, VibDescriptor> descriptors;

  /** The catalog entries of every VIB of {@link #profile}. */
  @Nullable List<CatalogVib> members;

  /** The image's 7.0+ model: components, reserved components, release units, spec. */
  @Nullable ImageModel model;

  /** With a hardware list: what drives each device in {@link #profile}; else null. */
  HardwareCheck.@Nullable Report hardware;

  /** Why each driver the hardware list needed was added, in order. */
  final List<EditNote> hardwareNotes = new ArrayList<>();

  // VerifyStep
  @Nullable LocalVibs local;

  // ValidateStep: every problem, sorted; non-empty only with force
  final List<Problem> problems = new ArrayList<>();

  // PlanStep
  @Nullable List<Bulletin> bulletins;

  /** The installer-image plan, or null without {@code iso} and {@code pxe}. */
  @Nullable IsoPlan plan;

  // WriteStep
  /**
   * The installer image (files and their sources) of {@link #plan}, shared by the ISO and the PXE
   * tree; in a dry run its IMGPAYLD.TGZ only has a size. Null without a plan.
   */
  @Nullable IsoImage image;

  /** In a dry run: the outputs a build would write ({@link DryRun}). */
  @Nullable List<BuildResult.Output> planned;

  // CommitStep
  @Nullable BuildResult result;

  BuildContext(
      BuildRequest request,
      Catalog catalog,
      EventHandlers events,
      Path temp,
      @Nullable IsoWriter writer) {
    this.request = Objects.requireNonNull(request, "request");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.events = Objects.requireNonNull(events, "events");
    this.temp = Objects.requireNonNull(temp, "temp");
    this.writer = writer;
  }

  // Each step reads what an earlier step set; reading it before then is a bug in the step order.

  private static <T> T set(@Nullable T value, String what) {
    if (value == null) {
      throw new IllegalStateException(what + " read before the step that sets it ran");
    }
    return value;
  }

  IsoWriter writer() {
    return set(writer, "writer");
  }

  BaseStep.Start base() {
    return set(base, "base");
  }

  ProfileEditor.Result edit() {
    return set(edit, "edit");
  }

  ImageProfile profile() {
    return set(profile, "profile");
  }

  Instant time() {
    return set(time, "time");
  }

  /** {@link ComponentPlatforms#of} the catalog, made once per build. */
  ComponentPlatforms platforms() {
    if (platforms == null) {
      platforms = ComponentPlatforms.of(catalog);
    }
    return platforms;
  }

  Map<VibId, VibDescriptor> descriptors() {
    return set(descriptors, "descriptors");
  }

  List<CatalogVib> members() {
    return set(members, "members");
  }

  ImageModel model() {
    return set(model, "model");
  }

  LocalVibs local() {
    return set(local, "local");
  }

  List<Bulletin> bulletins() {
    return set(bulletins, "bulletins");
  }

  IsoPlan plan() {
    return set(plan, "plan");
  }

  IsoImage image() {
    return set(image, "image");
  }

  List<BuildResult.Output> planned() {
    return set(planned, "planned");
  }

  BuildResult result() {
    return set(result, "result");
  }
}
