package org.esxforge.profile;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.Checksum;
import org.esxforge.model.Constraint;
import org.esxforge.model.Payload;
import org.esxforge.model.Provide;
import org.esxforge.model.Relation;
import org.esxforge.model.Relationships;
import org.esxforge.model.SoftwarePlatform;
import org.esxforge.model.SoftwareVersion;
import org.esxforge.model.VibDescriptor;

/** Builds descriptors in tests, with only the fields that matter set. Not thread-safe. */
public final class TestVibs {
  private String vendor = "VMW";
  private String type = "bootbank";
  private final String name;
  private final String version;
  private AcceptanceLevel level = AcceptanceLevel.CERTIFIED;
  private boolean overlay;
  private final List<Constraint> depends = new ArrayList<>();
  private final List<Constraint> conflicts = new ArrayList<>();
  private final List<Constraint> replaces = new ArrayList<>();
  private final List<Provide> provides = new ArrayList<>();
  private final List<SoftwarePlatform> platforms = new ArrayList<>();
  private final List<Payload> payloads = new ArrayList<>();

  private TestVibs(String name, String version) {
    this.name = name;
    this.version = version;
  }

  public static TestVibs vib(String name, String version) {
    return new TestVibs(name, version);
  }

  public TestVibs vendor(String v) {
    vendor = v;
    return this;
  }

  public TestVibs type(String t) {
    type = t;
    return this;
  }

  public TestVibs level(AcceptanceLevel l) {
    level = l;
    return this;
  }

  public TestVibs overlay() {
    overlay = true;
    return this;
  }

  public TestVibs depends(String n) {
    depends.add(Constraint.any(n));
    return this;
  }

  public TestVibs depends(String n, Relation r, String v) {
    depends.add(new Constraint(n, r, new SoftwareVersion(v)));
    return this;
  }

  public TestVibs conflicts(String n, Relation r, String v) {
    conflicts.add(r == null ? Constraint.any(n) : new Constraint(n, r, new SoftwareVersion(v)));
    return this;
  }

  public TestVibs replaces(String n) {
    replaces.add(Constraint.any(n));
    return this;
  }

  public TestVibs provides(String n, String v) {
    provides.add(new Provide(n, v == null ? null : new SoftwareVersion(v)));
    return this;
  }

  public TestVibs platform(String v) {
    platforms.add(new SoftwarePlatform(v, "", "embeddedEsx"));
    return this;
  }

  /** A payload; {@code bootOrder} -1 for none, {@code vfat} "" for none. */
  public TestVibs payload(String n, String t, int bootOrder, String vfat) {
    payloads.add(
        new Payload(
            n, t, 100, -1, bootOrder, vfat, "", List.of(new Checksum("sha-256", "", "00"))));
    return this;
  }

  public TestVibs payload(String n, String t) {
    return payload(n, t, -1, "");
  }

  public VibDescriptor build() {
    return new VibDescriptor(
        "5.0",
        type,
        name,
        new SoftwareVersion(version),
        vendor,
        name,
        "",
        "",
        List.of(),
        new Relationships(depends, conflicts, replaces, provides, List.of()),
        List.of(),
        "",
        false,
        "",
        "",
        platforms,
        List.of(),
        List.of(),
        level,
        false,
        false,
        false,
        true,
        overlay,
        payloads);
  }
}
