package org.esxforge.profile;

import static org.esxforge.profile.TestVibs.vib;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.esxforge.model.AcceptanceLevel;
import org.esxforge.model.ImageProfile;
import org.esxforge.model.VibDescriptor;
import org.esxforge.model.VibId;
import org.junit.jupiter.api.Test;

class ProfileEditorTest {
  private final Map<VibId, VibDescriptor> base = ProfileValidatorTest.base();
  private final ImageProfile profile =
      ProfileValidatorTest.profile(base, AcceptanceLevel.PARTNER).toBuilder()
          .readOnly(true)
          .build();

  private Map<VibId, VibDescriptor> with(VibDescriptor... ds) {
    Map<VibId, VibDescriptor> m = new java.util.HashMap<>(base);
    for (VibDescriptor d : ds) {
      m.put(d.id(), d);
    }
    return m;
  }

  @Test
  void add_byName_takesNewestByVersionNotString() throws Exception {
    VibDescriptor v9 = vib("nic", "9.0-1").payload("nic", "vgz").build();
    VibDescriptor v10 = vib("nic", "10.0-1").payload("nic", "vgz").build();
    ProfileEditor.Result r =
        ProfileEditor.cloneOf(profile, "custom", with(v9, v10)).vendor("me").add("nic").build();
    assertTrue(r.profile().vibIds().contains(v10.id()));
    assertFalse(r.profile().vibIds().contains(v9.id()));
    assertEquals("custom", r.profile().name());
    assertEquals("me", r.profile().creator());
    assertFalse(r.profile().readOnly());
    assertEquals(List.of("added VMW_bootbank_nic_10.0-1"), texts(r.notes()));
  }

  @Test
  void add_nameAtVersionThenOlder_replacesSameNameWithNote() throws Exception {
    VibDescriptor v9 = vib("nic", "9.0-1").build();
    VibDescriptor v10 = vib("nic", "10.0-1").build();
    ProfileEditor.Result r =
        ProfileEditor.cloneOf(profile, "c", with(v9, v10))
            .add("nic@10.0-1")
            .add("VMW_bootbank_nic_9.0-1")
            .build();
    assertTrue(r.profile().vibIds().contains(v9.id()));
    assertFalse(r.profile().vibIds().contains(v10.id()));
    assertEquals(
        List.of(
            "added VMW_bootbank_nic_10.0-1",
            "replaced VMW_bootbank_nic_10.0-1 by the older VMW_bootbank_nic_9.0-1 (same name)",
            "added VMW_bootbank_nic_9.0-1"),
        texts(r.notes()));
    assertEquals(
        List.of(EditNote.Kind.ADDED, EditNote.Kind.REPLACED, EditNote.Kind.ADDED),
        r.notes().stream().map(EditNote::kind).toList());
  }

  @Test
  void add_descriptorWithReplaces_removesReplacedVib() throws Exception {
    VibDescriptor usbFling = vib("vmkusb-nic-fling", "1.14-1vmw.803").replaces("vmkusb").build();
    ProfileEditor.Result r = ProfileEditor.cloneOf(profile, "c", base).add(usbFling).build();
    assertEquals(
        List.of(
            "removed VMW_bootbank_vmkusb_0.1-1vmw.803: VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803"
                + " replaces vmkusb",
            "added VMW_bootbank_vmkusb-nic-fling_1.14-1vmw.803"),
        texts(r.notes()));
    assertEquals(EditNote.Kind.REPLACED, r.notes().get(0).kind(), "displaced by replaces");
    assertEquals(3, r.profile().vibIds().size());
    assertTrue(r.descriptors().containsKey(usbFling.id()));
  }

  @Test
  void add_belowProfileLevel_refusedUnlessLoweredExplicitly() throws Exception {
    VibDescriptor comm =
        vib("net-r8125", "9.011.00-10").vendor("Realtek").level(AcceptanceLevel.COMMUNITY).build();
    ProfileValidationException e =
        assertThrows(
            ProfileValidationException.class,
            () -> ProfileEditor.cloneOf(profile, "c", base).add(comm));
    assertEquals(
        "Realtek_bootbank_net-r8125_9.011.00-10: acceptance level community is below the"
            + " profile's level partner; lower the profile's acceptance level to community first,"
            + " or choose another VIB",
        e.getMessage());
    ProfileEditor.Result r =
        ProfileEditor.cloneOf(profile, "c", base)
            .acceptanceLevel(AcceptanceLevel.COMMUNITY)
            .add(comm)
            .build();
    assertEquals(AcceptanceLevel.COMMUNITY, r.profile().acceptanceLevel());
    assertEquals(
        List.of(
            "acceptance level changed from partner to community",
            "added Realtek_bootbank_net-r8125_9.011.00-10"),
        texts(r.notes()));
  }

  @Test
  void addAll_bundleWithTwoVersions_newestPerNameAndAtomicRefusal() throws Exception {
    VibDescriptor a1 = vib("a", "1.0-1").build();
    VibDescriptor a2 = vib("a", "1.10-1").build();
    VibDescriptor b = vib("b", "1.0-1").build();
    ProfileEditor.Result r =
        ProfileEditor.cloneOf(profile, "c", base).addAll(List.of(a2, b, a1)).build();
    assertEquals(
        List.of("added VMW_bootbank_a_1.10-1", "added VMW_bootbank_b_1.0-1"), texts(r.notes()));
    VibDescriptor comm = vib("z", "1").level(AcceptanceLevel.COMMUNITY).build();
    ProfileEditor e = ProfileEditor.cloneOf(profile, "c", base);
    assertThrows(ProfileValidationException.class, () -> e.addAll(List.of(b, comm)));
    assertEquals(List.of(), texts(e.build().notes()));
  }

  @Test
  void removeAndAdd_unknownNames_refusedWithOneLine() {
    ProfileValidationException e =
        assertThrows(
            ProfileValidationException.class,
            () -> ProfileEditor.cloneOf(profile, "c", base).remove("nope"));
    assertEquals(
        "cannot remove nope: no VIB of that name in c; check the name with the profile's VIB list",
        e.getMessage());
    e =
        assertThrows(
            ProfileValidationException.class,
            () -> ProfileEditor.cloneOf(profile, "c", base).add("vmkusb@9.9"));
    assertEquals(
        "no VIB vmkusb version 9.9 in the depots given; add the depot or bundle that has it, or"
            + " check the spelling",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ProfileEditor.cloneOf(profile, " ", base));
  }

  @Test
  void removeThenVibs_explicitList() throws Exception {
    ProfileEditor.Result r =
        ProfileEditor.cloneOf(profile, "c", base).remove("vmkusb").description("d").build();
    assertEquals(2, r.profile().vibIds().size());
    assertEquals(List.of("removed VMW_bootbank_vmkusb_0.1-1vmw.803"), texts(r.notes()));
    VibId one = new VibId("VMW_bootbank_vmkusb_0.1-1vmw.803");
    assertEquals(
        List.of(one),
        ProfileEditor.cloneOf(profile, "c", base).vibs(List.of(one)).build().profile().vibIds());
    assertThrows(
        ProfileValidationException.class,
        () -> ProfileEditor.cloneOf(profile, "c", base).vibs(List.of(new VibId("a_b_c_1"))));
  }

  @Test
  void add_sameNameAndReplacedMembers_notedInIdOrder() throws Exception {
    VibDescriptor update = vib("esx-update", "9.0-1").replaces("vmkusb").build();
    ProfileEditor.Result r = ProfileEditor.cloneOf(profile, "c", with(update)).add(update).build();
    assertEquals(
        List.of( // id order: VMW_… before VMware_…
            "removed VMW_bootbank_vmkusb_0.1-1vmw.803: VMW_bootbank_esx-update_9.0-1 replaces"
                + " vmkusb",
            "replaced VMware_bootbank_esx-update_8.0.3-0.0.24022510 by the newer"
                + " VMW_bootbank_esx-update_9.0-1 (same name)",
            "added VMW_bootbank_esx-update_9.0-1"),
        texts(r.notes()));
    assertEquals(2, r.profile().vibIds().size());
  }

  @Test
  void add_descriptorOfAMemberKnownOnlyById_thenRemovableByItsName() throws Exception {
    VibId loose = new VibId("ACME_bootbank_odd_name_1.0-1");
    ImageProfile p = profile.toBuilder().addVib(loose).build();
    ProfileEditor ed = ProfileEditor.cloneOf(p, "c", base);
    assertTrue(ed.contains(loose));
    VibDescriptor d = vib("odd_name", "1.0-1").vendor("ACME").build();
    assertEquals(loose, d.id());
    ed.add(d).remove("odd_name");
    assertFalse(ed.contains(loose));
    assertEquals(
        List.of("ACME_bootbank_odd_name_1.0-1 is already in the profile", "removed " + loose),
        texts(ed.build().notes()));
  }

  @Test
  void removeAll_dropsOnlyMembersWithoutNotes() throws Exception {
    VibId usb = new VibId("VMW_bootbank_vmkusb_0.1-1vmw.803");
    ProfileEditor ed =
        ProfileEditor.cloneOf(profile, "c", base).removeAll(List.of(usb, new VibId("a_b_c_1")));
    assertFalse(ed.contains(usb));
    assertEquals(2, ed.build().profile().vibIds().size());
    assertEquals(List.of(), texts(ed.build().notes()));
  }

  @Test
  void platformAware_ruleFollowsTheEsxBaseAddedDuringTheEdit() throws Exception {
    VibDescriptor nic8 = vib("nic", "1.0-1").platform("8.0").build();
    VibDescriptor nic9 = vib("nic", "2.0-1").platform("9.0").build();
    VibDescriptor base9 =
        vib("esx-base", "9.0.0-0.0.1").vendor("VMware").provides("vmkapi_3_0_0_0", null).build();
    ProfileEditor ed =
        ProfileEditor.cloneOf(profile, "c", with(nic8, nic9, base9))
            .platformAware(id -> List.of())
            .add("nic");
    assertTrue(ed.contains(nic8.id()));
    ed.add("esx-base").add("nic");
    assertTrue(ed.contains(nic9.id()));
    assertFalse(ed.contains(nic8.id()));
    assertTrue(
        texts(ed.build().notes()).get(0).startsWith("chose nic 1.0-1, the newest for ESXi 8.0.3;"));
  }

  @Test
  void vibList_thousandsOfVibsByName_eachAddedOnce() throws Exception {
    Map<VibId, VibDescriptor> m = new java.util.HashMap<>(base);
    List<String> names = new java.util.ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      VibDescriptor d = vib(String.format("drv%04d", i), "1.0-1").build();
      m.put(d.id(), d);
      names.add(d.name());
    }
    ProfileEditor ed = ProfileEditor.cloneOf(profile, "c", m).vibs(List.of());
    for (String n : names) {
      ed.add(n);
    }
    ed.remove("drv0042");
    ProfileEditor.Result r = ed.build();
    assertEquals(2999, r.profile().vibIds().size());
    assertEquals(3001, texts(r.notes()).size());
    assertEquals("added VMW_bootbank_drv0000_1.0-1", texts(r.notes()).get(0));
    assertEquals("removed VMW_bootbank_drv0042_1.0-1", texts(r.notes()).get(3000));
  }

  private static List<String> texts(List<EditNote> notes) {
    return notes.stream().map(EditNote::text).toList();
  }
}
