package dev.warden.core.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {

    @TempDir
    Path tmp;

    @Test
    void missingDirectoryIsCreatedOwnerOnlyAndLoadsEmpty() throws Exception {
        Path dir = tmp.resolve("var/db/warden");
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(WardenState.empty());
            assertThat(loaded.source()).isEmpty();
            assertThat(loaded.warnings()).isEmpty();
            assertThat(store.load().isEmpty()).isTrue();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void richStateSurvivesReopening() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.rich());
        }
        try (StateStore store = StateStore.open(tmp)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.rich());
            assertThat(loaded.source()).contains(tmp.resolve("state"));
            assertThat(loaded.warnings()).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state"))))
                .isEqualTo("rw-------");
        assertThat(tmp.resolve("state.tmp")).doesNotExist();
    }

    @Test
    void previousGenerationIsKept() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.numbered(1));
            assertThat(tmp.resolve("state.1")).doesNotExist();
            store.save(States.numbered(2));
            store.save(States.numbered(3));
            assertThat(store.load()).isEqualTo(States.numbered(3));
        }
        assertThat(StateFormat.read(Files.readAllBytes(tmp.resolve("state.1")), tmp)).isEqualTo(States.numbered(2));
    }

    @Test
    void corruptCurrentWithoutPreviousFailsNamingFileAndLine() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.rich());
            tearEndLine(tmp.resolve("state"));
            assertThatThrownBy(store::load)
                    .isInstanceOf(CorruptStateException.class)
                    .hasMessageStartingWith(tmp.resolve("state") + ":11: truncated");
        }
    }

    @Test
    void tornCurrentFallsBackToPreviousAndSaysSo() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.numbered(1));
            store.save(States.numbered(2));
            tearEndLine(tmp.resolve("state"));
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.numbered(1));
            assertThat(loaded.fromPreviousGeneration()).isTrue();
            assertThat(loaded.warnings()).singleElement().asString()
                    .startsWith(tmp.resolve("state") + ":")
                    .contains("truncated")
                    .contains("using the previous generation " + tmp.resolve("state.1"));
            assertThat(store.load()).isEqualTo(States.numbered(1));

            // The next save must not demote the torn file over the good previous generation.
            store.save(States.numbered(3));
            assertThat(StateFormat.read(Files.readAllBytes(tmp.resolve("state.1")), tmp)).isEqualTo(States.numbered(1));
            assertThat(store.loadDetailed().warnings()).isEmpty();
        }
    }

    @Test
    void missingCurrentWithPreviousSaysSo() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.numbered(1));
            store.save(States.numbered(2));
            Files.delete(tmp.resolve("state"));
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.numbered(1));
            assertThat(loaded.warnings()).singleElement().asString()
                    .contains(tmp.resolve("state") + " is missing");
        }
    }

    @Test
    void bothGenerationsUnreadableNamesBoth() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.numbered(1));
            store.save(States.numbered(2));
            Files.writeString(tmp.resolve("state.1"), "garbage\n");
            Files.writeString(tmp.resolve("state"), "warden-state 1\nban x\n");
            assertThatThrownBy(store::load)
                    .isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining("no readable state in " + tmp)
                    .hasMessageContaining(tmp.resolve("state") + ":3: truncated")
                    .hasMessageContaining(tmp.resolve("state.1") + ":1: not a Warden state file (want 'warden-state N', got 'garbage')");
        }
    }

    @Test
    void failuresSurviveReopeningAndAMalformedFailLineFallsBackLikeAnyBadLine() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.tracking());
        }
        try (StateStore store = StateStore.open(tmp)) {
            assertThat(store.load()).isEqualTo(States.tracking());
            store.save(States.numbered(1));
            Files.write(tmp.resolve("state"), StateFormatTest.withChecksum("warden-state 2\nfail sshd 192.0.2.1 7,6\n"));
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.tracking());
            assertThat(loaded.fromPreviousGeneration()).isTrue();
            assertThat(loaded.warnings()).singleElement().asString()
                    .startsWith(tmp.resolve("state") + ":2: failure times not ascending for sshd 192.0.2.1: 7 then 6");
        }
    }

    @Test
    void leftoverTempFileFromACrashIsIgnoredAndRemoved() throws Exception {
        try (StateStore store = StateStore.open(tmp)) {
            store.save(States.numbered(7));
        }
        byte[] half = StateFormat.write(States.numbered(8));
        Files.write(tmp.resolve("state.tmp"), Arrays.copyOf(half, half.length / 2));
        try (StateStore store = StateStore.open(tmp)) {
            assertThat(tmp.resolve("state.tmp")).doesNotExist();
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.state()).isEqualTo(States.numbered(7));
            assertThat(loaded.warnings()).isEmpty();
            store.save(States.numbered(9));
            assertThat(store.load()).isEqualTo(States.numbered(9));
        }
    }

    @Test
    void closedStoreRefusesWork() throws Exception {
        StateStore store = StateStore.open(tmp);
        store.close();
        store.close();
        assertThatThrownBy(() -> store.save(WardenState.empty())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(tmp.toString());
        try (StateStore again = StateStore.open(tmp)) {
            assertThat(again.load()).isEqualTo(WardenState.empty());
        }
    }

    /** Cuts the file in the middle of its end line, as a torn write would. */
    private static void tearEndLine(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        String text = new String(b, StandardCharsets.UTF_8);
        assertThat(text).contains("\nend ");
        Files.write(file, Arrays.copyOf(b, b.length - 5));
    }
}
