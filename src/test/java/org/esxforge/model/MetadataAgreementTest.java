package org.esxforge.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.esxforge.profile.TestVibs;
import org.junit.jupiter.api.Test;

class MetadataAgreementTest {

  @Test
  void compare_equalButDistinctDescriptors_noDisagreement() {
    VibDescriptor metadata =
        TestVibs.vib("nvme", "1.0-1").depends("vmkapi").payload("nvme", "vgz").build();
    VibDescriptor signed =
        TestVibs.vib("nvme", "1.0-1").depends("vmkapi").payload("nvme", "vgz").build();
    assertEquals(
        List.of(), MetadataAgreement.compare(metadata, signed, MetadataAgreement.Scope.DESCRIPTOR));
  }

  @Test
  void compare_listsAndFlagsDiffer_eachFieldPrintedAsBefore() {
    VibDescriptor metadata =
        TestVibs.vib("nvme", "1.0-1").platform("7.0.0").payload("nvme", "vgz").build();
    VibDescriptor signed =
        TestVibs.vib("nvme", "1.0-1")
            .platform("8.0.0")
            .payload("nvme", "tgz")
            .depends("vmkapi")
            .overlay()
            .build();
    List<String> d =
        MetadataAgreement.compare(metadata, signed, MetadataAgreement.Scope.DESCRIPTOR).stream()
            .map(x -> x.field() + ": " + x.metadata() + " | " + x.descriptor())
            .toList();
    assertEquals(
        List.of(
            "softwarePlatform: "
                + metadata.softwarePlatforms()
                + " | "
                + signed.softwarePlatforms(),
            "relationships: " + metadata.relationships() + " | " + signed.relationships(),
            "overlay: false | true",
            "payloads: " + metadata.payloads() + " | " + signed.payloads()),
        d);
  }
}
