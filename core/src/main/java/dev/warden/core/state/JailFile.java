package dev.warden.core.state;

import dev.warden.core.log.FilePosition;

import java.util.Objects;

/**
 * Where one jail got to in one followed file. Two jails following the same file keep separate positions.
 *
 * @param jail the jail; empty only for a position read from a format-1 state file, which belongs to
 *     whichever jail follows the file
 * @param position the position reached
 */
public record JailFile(String jail, FilePosition position) {

    public JailFile {
        Objects.requireNonNull(position, "position");
        if (!jail.isEmpty()) {
            WardenState.checkJail(jail);
        }
    }

    /** Whether this position is {@code jail}'s. */
    public boolean belongsTo(String jail) {
        return this.jail.isEmpty() || this.jail.equals(jail);
    }
}
