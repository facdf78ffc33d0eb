package org.esxforge.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.esxforge.event.EventHandlers;
import org.esxforge.event.LogEvent;
import org.esxforge.profile.EditNote;
import org.junit.jupiter.api.Test;

class ResolveStepTest {
  private static List<String> reported(List<EditNote> notes) {
    List<String> out = new ArrayList<>();
    ResolveStep.report(
        notes,
        EventHandlers.of(
            e -> {
              if (e instanceof LogEvent l) {
                out.add(l.level() + " " + l.message());
              }
            }));
    return out;
  }

  private static List<EditNote> plain(EditNote.Kind kind, String verb, int from, int count) {
    List<EditNote> out = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      out.add(new EditNote(kind, verb + " V_bootbank_v" + i + "_1.0-1"));
    }
    return out;
  }

  @Test
  void report_fewPlainNotes_everyOne() {
    List<EditNote> notes = plain(EditNote.Kind.ADDED, "added", 0, ResolveStep.PLAIN_NOTES_SHOWN);
    assertEquals(notes.stream().map(n -> "INFO " + n.text()).toList(), reported(notes));
  }

  /** Past the limit, plain adds and removes are counted; every other note is still reported. */
  @Test
  void report_manyPlainNotes_firstOnesThenCountsAndEveryOtherNote() {
    List<EditNote> notes = new ArrayList<>(plain(EditNote.Kind.ADDED, "added", 0, 19));
    notes.add(new EditNote(EditNote.Kind.REPLACED, "replaced A by the newer B (same name)"));
    notes.addAll(plain(EditNote.Kind.ADDED, "added", 19, 5));
    notes.add(new EditNote(EditNote.Kind.PLATFORM_CHOICE, "took C 1.0: C 2.0 needs 8.0"));
    notes.addAll(plain(EditNote.Kind.REMOVED, "removed", 24, 3));
    List<String> got = reported(notes);
    List<String> want = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      want.add("INFO added V_bootbank_v" + i + "_1.0-1");
    }
    want.add("INFO replaced A by the newer B (same name)");
    want.add("INFO added V_bootbank_v19_1.0-1");
    want.add("INFO took C 1.0: C 2.0 needs 8.0");
    want.add("INFO ... and 4 more VIBs added, 3 more removed, not reported one by one");
    assertEquals(want, got);
  }

  @Test
  void report_oneMoreRemoved_singular() {
    List<EditNote> notes = new ArrayList<>(plain(EditNote.Kind.ADDED, "added", 0, 20));
    notes.addAll(plain(EditNote.Kind.REMOVED, "removed", 20, 1));
    List<String> got = reported(notes);
    assertEquals(21, got.size());
    assertEquals("INFO ... and 1 more VIB removed, not reported one by one", got.get(20));
  }
}
