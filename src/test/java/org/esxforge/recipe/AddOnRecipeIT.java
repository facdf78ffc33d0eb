package org.esxforge.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.esxforge.build.IsoVerifier;
import org.esxforge.event.EventHandlers;
import org.esxforge.sample.SampleDepot;
import org.esxforge.sample.SampleVersion;
import org.esxforge.testing.Cli;
import org.esxforge.testing.Qemu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OEM refresh (issue 11): a recipe with the HPE-style add-on made for 8.0U3, locked on the
 * 8.0U3 base image; when it asks for the newest 8.0 base image, {@code respin} shows the base-image
 * and component changes, and {@code --apply} builds the add-on on 8.0U3b.
 */
class AddOnRecipeIT {
  private static final Path REPO = Path.of("").toAbsolutePath();

  private static Cli.Result ok(String... args) {
    Cli.Result r = Cli.run(args);
    assertEquals(0, r.exitCode(), () -> String.join(" ", args) + "\n" + r.all());
    return r;
  }

  @Test
  void respin_addOnRecipeOnNewerBaseImage_showsBaseImageAndComponentChanges(@TempDir Path tmp)
      throws Exception {
    Path depot = tmp.resolve("sample-8.0");
    SampleDepot.write(depot, SampleVersion.V8_0, EventHandlers.none());
    Path dir = tmp.resolve("r");
    Files.createDirectories(dir);
    Path r = dir.resolve("hpe.yaml");
    String recipe =
        "apiVersion: esxforge/v1\nkind: ImageRecipe\n"
            + "depots: ['"
            + depot
            + "', '"
            + REPO.resolve("samples/HPE-Custom-AddOn-8.0U3-depot.zip")
            + "']\n"
            + "image: {baseImage: 8.0.3-0.0.24022510, addon: HPE-Custom-AddOn}\n"
            + "profile: {name: 'ESXi-${base.version}-${base.build}-HPE'}\n"
            + "signatures: {trust: ['"
            + depot.resolve(SampleDepot.CA_PEM)
            + "']}\n"
            + "outputs: {iso: out/hpe.iso}\n";
    Files.writeString(r, recipe);
    Cli.Result first = ok("build", r.toString());
    Lockfile lock = Lockfile.read(Lockfile.pathFor(r));
    assertEquals("ESXi:8.0.3-0.0.24022510", lock.base());
    assertEquals("ESXi-8.0.3-24022510-HPE", lock.profile());
    assertEquals("14.4.0.39-1OEM.803.0.0.24022510", lock.components().get("Broadcom-ELX-lpfc"));
    assertTrue(!lock.components().containsKey("HPE-nhpsa"), lock.components().toString());
    JsonNode manifest =
        new ObjectMapper().readTree(dir.resolve("out/hpe.iso.manifest.json").toFile());
    assertEquals(
        "HPE-Custom-AddOn",
        manifest.path("spec").path("add_on").path("name").asText(),
        first.all());
    assertEquals(
        "8.0.3-0.0.24022510", manifest.path("spec").path("base_image").path("version").asText());

    Files.writeString(r, recipe.replace("baseImage: 8.0.3-0.0.24022510", "baseImage: latest:8.0"));
    String text = ok("respin", r.toString()).out();
    for (String line :
        List.of(
            "base: ESXi:8.0.3-0.0.24022510 -> ESXi:8.0.3-0.35.24280767",
            "component  ESXi: 8.0.3-0.0.24022510 -> 8.0.3-0.35.24280767",
            "component  Intel-ne1000: 0.8.4-10vmw.803.0.0.24022510 -> 0.9.2-1vmw.803.0.35.24280767",
            "component  Pensando-ionic-en: added 20.0.0-1vmw.803.0.35.24280767")) {
      assertTrue(text.lines().anyMatch(line::equals), line + "\nin\n" + text);
    }
    assertTrue(text.lines().noneMatch(l -> l.startsWith("component  Broadcom-ELX-lpfc")), text);

    ok("respin", "--apply", r.toString());
    Lockfile now = Lockfile.read(Lockfile.pathFor(r));
    assertEquals("ESXi:8.0.3-0.35.24280767", now.base());
    assertEquals("ESXi-8.0.3-24280767-HPE", now.profile());
    assertEquals(List.of(), IsoVerifier.verify(dir.resolve("out/hpe.iso")).problems());
    // the refreshed image (the 8.0U3 add-on on the 8.0U3b base image) boots, BIOS and UEFI
    for (Qemu.Firmware fw : Qemu.Firmware.values()) {
      Qemu.require(fw);
      Qemu.Result boot = Qemu.boot(dir.resolve("out/hpe.iso"), fw, tmp.resolve("qemu-" + fw));
      assertEquals(Qemu.EXIT_BOOT_OK, boot.exitStatus(), boot.describe());
      assertEquals(List.of(), boot.log().failures(), boot.describe());
      assertTrue(boot.log().module("/ilo.v00").isPresent(), boot.describe());
    }
    ok("build", r.toString(), "--locked");
  }
}
