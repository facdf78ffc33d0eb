package org.esxforge.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The compact model of a real ESXi release from which the sample base depot is generated: every
 * VIB's descriptor fields (with the recorded payload sizes, but without checksums and file lists,
 * which are synthesised) and the components (bulletins) that group them. The committed resource
 * {@code esxi-7.0.0-15843807.json} is derived from the real image database in {@code
 * fixtures/real/esximg-7.0-hpe-host/} by the test-side tool {@code SampleModelExtractor}, and a
 * test re-derives it and asserts equality.
 *
 * <p>Immutable and thread-safe.
 *
 * @param release the ESXi build the model describes, e.g. {@code 7.0.0-1.0.15843807}
 * @param source where the data came from (for humans)
 * @param vibs sorted by VIB id
 * @param bulletins sorted by id
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SampleModel(
    String release, String source, List<VibSpec> vibs, List<BulletinSpec> bulletins) {

  /** The resource holding the ESXi 7.0 GA model. */
  public static final String ESXI_70_GA = "esxi-7.0.0-15843807.json";

  public SampleModel {
    Objects.requireNonNull(release, "release");
    vibs = List.copyOf(vibs);
    bulletins = List.copyOf(bulletins);
  }

  /** A {@code <constraint>}; relation and version are null for "any version". */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConstraintSpec(String name, @Nullable String relation, @Nullable String version) {}

  /** A {@code <provide>}; version null when unversioned. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProvideSpec(String name, @Nullable String version) {}

  /** A {@code <url key="..">}. */
  public record UrlSpec(String key, String url) {}

  /** A {@code softwarePlatform}. */
  public record PlatformSpec(String version, String locale, String productLineId) {}

  /**
   * A payload: name, type, boot-order (null when absent), vfat-name (null when absent), the
   * checksum kinds in descriptor order as {@code type} or {@code type/verify-process}, and the size
   * the real image database records for it (null when it records none): the full-size sample
   * ({@link SampleSize#FULL}) makes the payload exactly that large.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PayloadSpec(
      String name,
      String type,
      @Nullable Integer bootOrder,
      @Nullable String vfatName,
      List<String> checksums,
      @Nullable Long realSize) {
    public PayloadSpec {
      checksums = List.copyOf(checksums);
      if (realSize != null && realSize < 0) {
        throw new IllegalArgumentException(name + ": negative size " + realSize);
      }
    }

    /** A payload without a recorded size. */
    public PayloadSpec(
        String name,
        String type,
        @Nullable Integer bootOrder,
        @Nullable String vfatName,
        List<String> checksums) {
      this(name, type, bootOrder, vfatName, checksums, null);
    }
  }

  /** Every descriptor field the sample keeps from the real VIB. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VibSpec(
      String vendor,
      String type,
      String name,
      String version,
      String summary,
      String description,
      String releaseDate,
      List<UrlSpec> urls,
      List<ConstraintSpec> depends,
      List<ConstraintSpec> conflicts,
      List<ConstraintSpec> replaces,
      List<ProvideSpec> provides,
      List<ConstraintSpec> compatibleWith,
      List<String> tags,
      boolean maintenanceMode,
      List<PlatformSpec> softwarePlatforms,
      String acceptanceLevel,
      boolean liveInstallAllowed,
      boolean liveRemoveAllowed,
      boolean cimomRestart,
      boolean statelessReady,
      boolean overlay,
      List<PayloadSpec> payloads,
      String origin) {
    public VibSpec {
      urls = List.copyOf(urls);
      depends = List.copyOf(depends);
      conflicts = List.copyOf(conflicts);
      replaces = List.copyOf(replaces);
      provides = List.copyOf(provides);
      compatibleWith = List.copyOf(compatibleWith);
      tags = List.copyOf(tags);
      softwarePlatforms = List.copyOf(softwarePlatforms);
      payloads = List.copyOf(payloads);
    }

    /** {@code vendor_type_name_version}. */
    public String id() {
      return vendor + "_" + type + "_" + name + "_" + version;
    }

    /** A copy to change the fields that differ between releases of one sample VIB. */
    public Changes change() {
      return new Changes(this);
    }
  }

  /**
   * The fields of a {@link VibSpec} that the sample changes between releases (version, date,
   * depends, provides, platforms, payloads); every other field is kept. One place that copies all
   * 24 fields, instead of one copy per kind of change.
   */
  public static final class Changes {
    private final VibSpec from;
    private String version;
    private String releaseDate;
    private List<ConstraintSpec> depends;
    private List<ProvideSpec> provides;
    private List<PlatformSpec> softwarePlatforms;
    private List<PayloadSpec> payloads;

    private Changes(VibSpec from) {
      this.from = from;
      this.version = from.version();
      this.releaseDate = from.releaseDate();
      this.depends = from.depends();
      this.provides = from.provides();
      this.softwarePlatforms = from.softwarePlatforms();
      this.payloads = from.payloads();
    }

    public Changes version(String value) {
      this.version = value;
      return this;
    }

    public Changes releaseDate(String value) {
      this.releaseDate = value;
      return this;
    }

    public Changes depends(List<ConstraintSpec> value) {
      this.depends = List.copyOf(value);
      return this;
    }

    public Changes provides(List<ProvideSpec> value) {
      this.provides = List.copyOf(value);
      return this;
    }

    public Changes softwarePlatforms(List<PlatformSpec> value) {
      this.softwarePlatforms = List.copyOf(value);
      return this;
    }

    public Changes payloads(List<PayloadSpec> value) {
      this.payloads = List.copyOf(value);
      return this;
    }

    public VibSpec build() {
      VibSpec v = from;
      return new VibSpec(
          v.vendor(),
          v.type(),
          v.name(),
          version,
          v.summary(),
          v.description(),
          releaseDate,
          v.urls(),
          depends,
          v.conflicts(),
          v.replaces(),
          provides,
          v.compatibleWith(),
          v.tags(),
          v.maintenanceMode(),
          softwarePlatforms,
          v.acceptanceLevel(),
          v.liveInstallAllowed(),
          v.liveRemoveAllowed(),
          v.cimomRestart(),
          v.statelessReady(),
          v.overlay(),
          payloads,
          v.origin());
    }
  }

  /** A bulletin / component. */
  public record BulletinSpec(
      String id,
      String vendor,
      String summary,
      String severity,
      String category,
      String urgency,
      String releaseType,
      String description,
      String kbUrl,
      String contact,
      String releaseDate,
      String componentName,
      String componentNameUi,
      String componentVersion,
      String componentVersionUi,
      List<PlatformSpec> platforms,
      List<String> vibIds,
      String origin) {
    public BulletinSpec {
      platforms = List.copyOf(platforms);
      vibIds = List.copyOf(vibIds);
    }
  }

  /** The mapper used for the model resource: pretty, fields in record order. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** Loads a model resource committed beside this class. */
  public static SampleModel load(String resource) {
    try (InputStream in = SampleModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return mapper().readValue(in, SampleModel.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sample model " + resource, e);
    }
  }

  /** The VIB with this name, or null. */
  public @Nullable VibSpec vib(String name) {
    for (VibSpec v : vibs) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }
}
