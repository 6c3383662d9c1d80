package dev.warden.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One ban of one address by one jail, from {@code start} until {@code end}.
 *
 * @param jail the jail's name
 * @param address the banned address, or network ({@link IpAddress#isNetwork()}: only for an action whose
 *     factory {@link ActionFactory#acceptsNetworks() accepts networks})
 * @param start when the ban began (the log time of the failure that triggered it, for automatic bans)
 * @param end when the ban ends; after {@code start}
 * @param failures how many failures were counted when it was decided (0 for manual bans)
 * @param origin who decided it
 */
public record Ban(String jail, IpAddress address, Instant start, Instant end, int failures, Origin origin) {

    /** Who decided a ban. */
    public enum Origin {
        /** The jail, from failures. */
        AUTOMATIC,
        /** An operator, from the CLI. */
        MANUAL
    }

    public Ban {
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(origin, "origin");
    }

    /** Whether the ban is in force at {@code now} (start inclusive, end exclusive). */
    public boolean activeAt(Instant now) {
        return !now.isBefore(start) && now.isBefore(end);
    }
}
