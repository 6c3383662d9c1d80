package dev.warden.core.state;

import dev.warden.core.fleet.FleetEntry;

import java.util.List;

/**
 * What a node of a fleet keeps across restarts (docs/fleet.md): where following the stream got, the other
 * nodes' bans it holds, and its own entries that Redis has not taken yet. Immutable; lists never null.
 *
 * @param stream the stream {@code position} belongs to ({@code fleet.stream}); null when there is no position.
 *     A position of another stream is not used (the section changed: the node catches up instead)
 * @param position the id of the last stream entry applied ({@code 1733527000000-0}), or null
 * @param held the other nodes' bans held here (in force or not: those that ended while the daemon was
 *     stopped are lifted at the next start), in no particular order
 * @param waiting this node's bans and unbans not yet taken by Redis, oldest first
 */
public record FleetState(String stream, String position, List<FleetEntry> held, List<FleetEntry> waiting) {

    /** No fleet, or nothing kept yet. */
    public static final FleetState NONE = new FleetState(null, null, List.of(), List.of());

    public FleetState {
        if ((stream == null) != (position == null)) {
            throw new IllegalArgumentException("a fleet position needs its stream, and a stream its position");
        }
        if (stream != null && (stream.isEmpty() || stream.indexOf('\n') >= 0 || position.indexOf(' ') >= 0
                || position.isEmpty())) {
            throw new IllegalArgumentException("fleet position not storable: " + position + " " + stream);
        }
        held = List.copyOf(held);
        waiting = List.copyOf(waiting);
    }

    /** Whether there is nothing in it. */
    public boolean isEmpty() {
        return stream == null && held.isEmpty() && waiting.isEmpty();
    }

    /** The position if it belongs to {@code stream}, else null. */
    public String positionIn(String stream) {
        return stream.equals(this.stream) ? position : null;
    }
}
