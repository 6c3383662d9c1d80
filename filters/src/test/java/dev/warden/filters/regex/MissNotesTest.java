package dev.warden.filters.regex;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The bounds on the work spent explaining patterns that match nothing. */
class MissNotesTest {

    @Test
    void extraLooksStopAfterTheBudget() {
        MissNotes notes = new MissNotes(List.of("a <ADDR>"));
        for (int i = 0; i < MissNotes.BUDGET; i++) {
            assertThat(notes.spend()).isTrue();
        }
        assertThat(notes.spend()).isFalse();
        assertThat(notes.watching(0)).as("the pattern is still unmatched").isTrue();
    }

    @Test
    void nothingIsSpentOnceEveryPatternMatched() {
        MissNotes notes = new MissNotes(List.of("a <ADDR>", "b <ADDR>"));
        notes.matched(0);
        assertThat(notes.spend()).isTrue();
        notes.matched(1);
        notes.matched(1); // a second match changes nothing
        assertThat(notes.spend()).isFalse();
        assertThat(notes.explain(List.of(), "message")).isEmpty();
    }

    @Test
    void aReasonKeepsItsFirstLine() {
        MissNotes notes = new MissNotes(List.of("a <ADDR>"));
        notes.note(0, MissNotes.Reason.ANCHOR, 7);
        notes.note(0, MissNotes.Reason.ANCHOR, 9);
        assertThat(notes.wants(0, MissNotes.Reason.ANCHOR)).isFalse();
        assertThat(notes.wants(0, MissNotes.Reason.TAG)).isTrue();
        assertThat(notes.explain(List.of(), "message")).singleElement().asString().contains("line 7:")
                .doesNotContain("line 9");
    }

    @Test
    void theShapeOfAnUndatedLineHoldsNoTextOfIt() {
        byte[] line = "Fri Jan 19 12:20:33 2007 [pid 1] 'x'\u00e9\\".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(MissNotes.shape(line, 0, line.length)).isEqualTo("Aaa Aaa 99 99:99:99 9999 [aaa 9]");
        assertThat(MissNotes.shape(line, 25, line.length)).isEqualTo("[aaa 9] ?a???\\");
    }
}
