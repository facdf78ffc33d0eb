package org.esxforge.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.esxforge.profile.TestVibs;
import org.esxforge.testing.Fixtures;
import org.esxforge.vib.DescriptorXml;

/**
 * The real ESXi 7.0 GA host image database (fixtures/real/esximg-7.0-hpe-host) and the 7.0 GA VIB
 * list derived from it. Not thread-safe (tests only).
 */
final class RealImageDb {
  private RealImageDb() {}

  static Path vibsDir() {
    return Fixtures.real("esximg-7.0-hpe-host/vibs");
  }

  /** Every descriptor of the host database, by id, with its file bytes. */
  static Map<VibId, VibDescriptor> all() throws IOException {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (Map.Entry<VibId, byte[]> e : rawFiles().entrySet()) {
      m.put(e.getKey(), DescriptorXml.parse(e.getValue(), e.getKey().value()));
    }
    return m;
  }

  /** The descriptor file bytes by VIB id. */
  static Map<VibId, byte[]> rawFiles() throws IOException {
    Map<VibId, byte[]> m = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(vibsDir())) {
      files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
    for (Path f : files) {
      byte[] b = Files.readAllBytes(f);
      m.put(DescriptorXml.parse(b, f.toString()).id(), b);
    }
    return m;
  }

  /** VMware's in-box lpfc (GA), from reservedComponents; payload {@code lpfc} → lpfc.v00. */
  static final VibDescriptor INBOX_LPFC =
      TestVibs.vib("lpfc", "12.4.293.3-5vmw.700.1.0.15843807")
          .vendor("VMW")
          .payload("lpfc", "vgz")
          .build();

  /** VMware's in-box qlnativefc (GA); payload {@code qlnativefc} → qlnative.v00. */
  static final VibDescriptor INBOX_QLNATIVEFC =
      TestVibs.vib("qlnativefc", "4.0.1.0-3vmw.700.1.0.15843807")
          .vendor("VMware")
          .payload("qlnativefc", "vgz")
          .build();

  /** The locker VIB tools-light (§2.7); payload {@code tools} (tgz) → tools.t00. */
  static final VibDescriptor TOOLS_LIGHT =
      TestVibs.vib("tools-light", "11.0.5.15389592-15843807")
          .vendor("VMware")
          .type("locker")
          .payload("tools", "tgz")
          .build();

  /**
   * The 7.0 GA standard profile's descriptors: the host database minus HPE's 13 add-on VIBs and its
   * OEM lpfc (EMU) and qlnativefc (Marvell), plus the in-box lpfc, qlnativefc and tools-light,
   * which the fixture does not hold and are built minimally here.
   */
  static Map<VibId, VibDescriptor> ga70() throws IOException {
    Map<VibId, VibDescriptor> m = new TreeMap<>();
    for (VibDescriptor d : all().values()) {
      boolean oem =
          d.vendor().equals("HPE") || d.vendor().equals("EMU") || d.vendor().equals("Marvell");
      if (!oem) {
        m.put(d.id(), d);
      }
    }
    for (VibDescriptor d : List.of(INBOX_LPFC, INBOX_QLNATIVEFC, TOOLS_LIGHT)) {
      m.put(d.id(), d);
    }
    return m;
  }

  static ImageProfile profile(String name, Map<VibId, VibDescriptor> m) {
    return ImageProfile.builder(name, AcceptanceLevel.PARTNER)
        .creator("VMware, Inc.")
        .vibIds(new ArrayList<>(m.keySet()))
        .build();
  }
}
