package dev.warden.core.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link StateStore#loadDetailed()} found: the state, the file it came from, and warnings for the
 * operator (for instance that the current file was torn and the previous generation was used).
 *
 * @param state the state read, never null ({@link WardenState#empty()} when nothing was saved yet)
 * @param source the file it was read from; empty when nothing was saved yet
 * @param warnings what the operator should know, one sentence each; empty when the current file was read
 * @param journaled how many bans of the journal were applied to the file's state
 */
public record LoadedState(WardenState state, Optional<Path> source, List<String> warnings, int journaled) {

    public LoadedState {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        warnings = List.copyOf(warnings);
    }

    /** Whether the state came from the previous generation because the current file was missing or unreadable. */
    public boolean fromPreviousGeneration() {
        return source.map(p -> p.getFileName().toString().equals(StateStore.PREVIOUS)).orElse(false);
    }
}
