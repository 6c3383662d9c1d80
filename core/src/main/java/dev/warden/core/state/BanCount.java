package dev.warden.core.state;

import java.time.Instant;

/**
 * How often one address was banned in one jail, and when the latest of those bans ended (as decided:
 * a ban lifted early by hand still counts until its planned end). Immutable.
 *
 * @param count the number of bans; at least 1
 * @param lastEnd the end of the latest ban; null when unknown (read from a {@code count} line written
 *     before ends were kept: whoever restores it decides what to assume)
 */
public record BanCount(int count, Instant lastEnd) {

    /** @throws IllegalArgumentException if {@code count} is below 1 */
    public BanCount {
        if (count < 1) {
            throw new IllegalArgumentException("ban count must be at least 1: " + count);
        }
    }
}
