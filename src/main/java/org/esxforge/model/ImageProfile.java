package org.esxforge.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * An image profile (docs/formats.md §2.5): a named, ordered-by-id set of VIB ids plus metadata.
 * Edits go through {@link #toBuilder()}.
 *
 * @param creator the vendor (PowerCLI "Vendor")
 * @param profileId opaque id, "" when unknown
 * @param creationTime may be null when the source does not say
 * @param modifiedTime may be null when the source does not say
 * @param vibIds sorted, unique; {@code contains} bisects
 * @param baseImage the 7.0+ base-image release id (e.g. {@code ESXi:7.0.0-1.0.15843807}), or ""
 */
public record ImageProfile(
    String name,
    String creator,
    String profileId,
    String description,
    @Nullable Instant creationTime,
    @Nullable Instant modifiedTime,
    AcceptanceLevel acceptanceLevel,
    boolean readOnly,
    List<VibId> vibIds,
    String baseImage) {

  public ImageProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(acceptanceLevel, "acceptanceLevel");
    creator = creator == null ? "" : creator;
    profileId = profileId == null ? "" : profileId;
    description = description == null ? "" : description;
    baseImage = baseImage == null ? "" : baseImage;
    vibIds = SortedVibIds.of(vibIds);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  public static Builder builder(String name, AcceptanceLevel level) {
    return new Builder(new ImageProfile(name, "", "", "", null, null, level, false, List.of(), ""));
  }

  /** Mutable edit of a profile; not thread-safe. */
  public static final class Builder {
    private String name;
    private String creator;
    private String profileId;
    private String description;
    private @Nullable Instant creationTime;
    private @Nullable Instant modifiedTime;
    private AcceptanceLevel acceptanceLevel;
    private boolean readOnly;

    /**
     * The profile's own ids (sorted, unique) while they are not edited: a builder that only changes
     * the metadata (a new id, times, a name) builds in constant time, where copying a 20,000-VIB
     * profile into a sorted set and back took most of it.
     */
    private final List<VibId> unedited;

    /** The ids once edited (made from {@link #unedited} by the first edit), else null. */
    private @Nullable TreeSet<VibId> vibIds;

    private String baseImage;

    private Builder(ImageProfile p) {
      name = p.name;
      creator = p.creator;
      profileId = p.profileId;
      description = p.description;
      creationTime = p.creationTime;
      modifiedTime = p.modifiedTime;
      acceptanceLevel = p.acceptanceLevel;
      readOnly = p.readOnly;
      unedited = p.vibIds;
      baseImage = p.baseImage;
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder creator(String v) {
      creator = v;
      return this;
    }

    public Builder profileId(String v) {
      profileId = v;
      return this;
    }

    public Builder description(String v) {
      description = v;
      return this;
    }

    public Builder creationTime(@Nullable Instant v) {
      creationTime = v;
      return this;
    }

    public Builder modifiedTime(@Nullable Instant v) {
      modifiedTime = v;
      return this;
    }

    public Builder acceptanceLevel(AcceptanceLevel v) {
      acceptanceLevel = v;
      return this;
    }

    public Builder readOnly(boolean v) {
      readOnly = v;
      return this;
    }

    public Builder baseImage(String v) {
      baseImage = v;
      return this;
    }

    public Builder addVib(VibId id) {
      edited().add(id);
      return this;
    }

    public Builder removeVib(VibId id) {
      edited().remove(id);
      return this;
    }

    public Builder vibIds(List<VibId> ids) {
      vibIds = new TreeSet<>(ids);
      return this;
    }

    public List<VibId> vibIds() {
      return new ArrayList<>(vibIds == null ? unedited : vibIds);
    }

    private Set<VibId> edited() {
      TreeSet<VibId> s = vibIds;
      if (s == null) {
        s = new TreeSet<>(unedited);
        vibIds = s;
      }
      return s;
    }

    public ImageProfile build() {
      return new ImageProfile(
          name,
          creator,
          profileId,
          description,
          creationTime,
          modifiedTime,
          acceptanceLevel,
          readOnly,
          SortedVibIds.of(vibIds == null ? unedited : vibIds),
          baseImage);
    }
  }
}
