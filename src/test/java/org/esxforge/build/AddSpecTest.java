package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddSpecTest {
  @Test
  void namesIdsAndVersions_areReferences() {
    AddSpec.Reference name = assertInstanceOf(AddSpec.Reference.class, AddSpec.parse("lpfc"));
    assertEquals("lpfc", name.name());
    assertNull(name.version());
    AddSpec.Reference pinned =
        assertInstanceOf(AddSpec.Reference.class, AddSpec.parse("lpfc@12.6.278.10-1OEM.700"));
    assertEquals("lpfc", pinned.name());
    assertEquals("12.6.278.10-1OEM.700", pinned.version());
    AddSpec.Reference id =
        assertInstanceOf(
            AddSpec.Reference.class, AddSpec.parse("VMW_bootbank_nic_10.0-1vmw.700.1.0.15843807"));
    assertEquals("VMW_bootbank_nic_10.0-1vmw.700.1.0.15843807", id.text());
  }

  @Test
  void filesByTheirNames_arePackagesEvenWhenMissing() {
    for (String s : new String[] {"x.vib", "b.zip", "in.iso", "sub/dir", "./d"}) {
      AddSpec.Location p = assertInstanceOf(AddSpec.Location.class, AddSpec.parse(s), s);
      assertEquals(Path.of(s), p.path());
      assertEquals(s, p.text());
    }
    assertTrue(((AddSpec.Location) AddSpec.parse("x.vib")).singleVib());
    assertFalse(((AddSpec.Location) AddSpec.parse("b.zip")).singleVib());
  }

  @Test
  void existingFolderWithoutSeparator_isAPackage_judgedInTheGivenFolder(@TempDir Path dir)
      throws Exception {
    Files.createDirectory(dir.resolve("drivers"));
    AddSpec.Location p = assertInstanceOf(AddSpec.Location.class, AddSpec.parse("drivers", dir));
    assertEquals(dir.resolve("drivers"), p.path());
    // the same text where no such folder exists is a VIB or component name
    assertInstanceOf(AddSpec.Reference.class, AddSpec.parse("drivers", dir.resolve("elsewhere")));
    // a relative file is resolved against the recipe's folder
    assertEquals(dir.resolve("x.vib"), ((AddSpec.Location) AddSpec.parse("x.vib", dir)).path());
  }

  @Test
  void packageOfAPath_isAPackageWhateverItsName(@TempDir Path dir) {
    AddSpec.Location p = AddSpec.of(dir.resolve("folder-named-like-a-vib-name"));
    assertEquals(dir.resolve("folder-named-like-a-vib-name"), p.path());
  }
}
