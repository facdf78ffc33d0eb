package org.esxforge.model;

import java.util.List;
import java.util.Objects;

/**
 * A bulletin, or (7.0+) a component: a bulletin with {@code componentNameSpec} and {@code
 * componentVersionSpec} (docs/formats.md §2.2, §2.3). Strings are "" when absent.
 *
 * @param componentName "" for a plain (pre-7.0) bulletin
 * @param componentVersion "" for a plain bulletin
 * @param releaseDate raw text
 * @param platforms the {@code platforms/softwarePlatform} list
 * @param vibIds in document order
 */
@SuppressWarnings("InvalidParam") // {@code componentNameSpec}… name XML elements, not parameters
public record Bulletin(
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
    List<SoftwarePlatform> platforms,
    List<VibId> vibIds) {

  public Bulletin {
    Objects.requireNonNull(id, "id");
    vendor = nz(vendor);
    summary = nz(summary);
    severity = nz(severity);
    category = nz(category);
    urgency = nz(urgency);
    releaseType = nz(releaseType);
    description = nz(description);
    kbUrl = nz(kbUrl);
    contact = nz(contact);
    releaseDate = nz(releaseDate);
    componentName = nz(componentName);
    componentNameUi = nz(componentNameUi);
    componentVersion = nz(componentVersion);
    componentVersionUi = nz(componentVersionUi);
    platforms = List.copyOf(platforms);
    vibIds = List.copyOf(vibIds);
  }

  /** True for a 7.0+ component (has name and version specs). */
  public boolean isComponent() {
    return !componentName.isEmpty() && !componentVersion.isEmpty();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
