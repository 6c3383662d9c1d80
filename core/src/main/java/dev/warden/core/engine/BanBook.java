package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans of one jail: the latest ban of each address, and how often each address was banned (for
 * escalation). Confined to the jail's thread.
 */
public final class BanBook {

    private final Map<IpAddress, Ban> latest = new LinkedHashMap<>();
    private final Map<IpAddress, Integer> counts = new LinkedHashMap<>();

    /** Records a new automatic ban of {@code address} from {@code start} for {@code length}. */
    public Ban ban(String jail, IpAddress address, Instant start, Duration length, int failures) {
        Ban b = new Ban(jail, address, start, start.plus(length), failures, Ban.Origin.AUTOMATIC);
        latest.remove(address);
        latest.put(address, b);
        counts.merge(address, 1, Integer::sum);
        return b;
    }

    /** The ban of {@code address} in force at {@code at}, or null. */
    public Ban activeAt(IpAddress address, Instant at) {
        Ban b = latest.get(address);
        return b != null && b.activeAt(at) ? b : null;
    }

    /** How many bans {@code address} has had here. */
    public int banCount(IpAddress address) {
        return counts.getOrDefault(address, 0);
    }

    /** The latest ban of every address, in the order they were decided. */
    public Collection<Ban> all() {
        return Collections.unmodifiableCollection(latest.values());
    }

    /** The latest bans in force at {@code now}. */
    public List<Ban> activeAt(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (b.activeAt(now)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The latest bans that ended at or before {@code now}. */
    public List<Ban> expiredAt(Instant now) {
        List<Ban> out = new ArrayList<>();
        for (Ban b : latest.values()) {
            if (!b.end().isAfter(now)) {
                out.add(b);
            }
        }
        return out;
    }
}
