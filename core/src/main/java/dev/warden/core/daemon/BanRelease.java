package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lifts ended or unbanned bans through their jails' actions, batched per jail, but never while another
 * jail with an action of the same settings (one pf table) still bans the same address: lifting it there
 * would end the other jail's ban too (nor while the fleet holds it in that table: see {@link #fleetKeeps}).
 * Such an unban waits ("deferred") until the last jail's ban of the address ends,
 * and is then carried out with it. A failed unban goes to {@link ActionRetry}. Confined to the daemon's
 * thread.
 */
final class BanRelease {

    private static final Logger LOG = LoggerFactory.getLogger(BanRelease.class);

    private final Map<IpAddress, List<Ban>> deferred = new HashMap<>();
    private final ActionRetry retry;
    private java.util.function.Predicate<Ban> fleetKeeps = b -> false;

    BanRelease(ActionRetry retry) {
        this.retry = retry;
    }

    /**
     * Sets whether the fleet still holds a ban's address in a table of the ban's jail (a remote ban applied through
     * an action of the same settings): such an unban is not carried out, the fleet deletes the address when its
     * last remote ban ends.
     */
    void fleetKeeps(java.util.function.Predicate<Ban> keeps) {
        this.fleetKeeps = keeps;
    }

    /**
     * Lifts {@code bans} (already removed from their books) at {@code now}; returns how many actions failed.
     */
    int release(Collection<Ban> bans, Map<String, LiveJail> jails, Instant now, String why) {
        Map<String, List<Ban>> out = new LinkedHashMap<>();
        for (Ban b : bans) {
            if (keptElsewhere(b, jails, now)) {
                deferred.computeIfAbsent(b.address(), a -> new ArrayList<>()).add(endedBy(b, now));
                LOG.info("[{}] unban {} waits: another jail still bans it", b.jail(), b.address());
                continue;
            }
            if (fleetKeeps.test(b)) {
                deferred.remove(b.address()); // the fleet's own unban deletes it for all of them
                LOG.info("[{}] unban {} ({}) left in the table: a remote ban of the fleet still holds it", b.jail(),
                        b.address(), why);
                continue;
            }
            out.computeIfAbsent(b.jail(), j -> new ArrayList<>()).add(b);
            List<Ban> waiting = deferred.remove(b.address());
            if (waiting != null) {
                for (Ban w : waiting) {
                    if (jails.containsKey(w.jail())) {
                        out.computeIfAbsent(w.jail(), j -> new ArrayList<>()).add(w);
                    }
                }
            }
        }
        int failed = 0;
        for (Map.Entry<String, List<Ban>> e : out.entrySet()) {
            LiveJail lj = jails.get(e.getKey());
            int f = lj.actions().unban(e.getValue());
            lj.countUnbans(e.getValue().size());
            if (f > 0) {
                retry.unbanFailed(e.getKey(), e.getValue(), now);
            }
            failed += f;
            for (Ban b : e.getValue()) {
                LOG.info("[{}] unban {} ({}; {} failures, banned {} until {})", b.jail(), b.address(), why, b.failures(),
                        b.start(), b.end());
            }
        }
        return failed;
    }

    /** Unbans waiting for another jail's ban to end, for persisting (their end has passed). */
    List<Ban> waiting() {
        List<Ban> out = new ArrayList<>();
        deferred.values().forEach(out::addAll);
        return out;
    }

    /** Drops and returns the waiting unbans of {@code jail} (the jail is going away). */
    List<Ban> removeJail(String jail) {
        List<Ban> out = new ArrayList<>();
        deferred.values().forEach(list -> list.removeIf(b -> {
            if (b.jail().equals(jail)) {
                out.add(b);
                return true;
            }
            return false;
        }));
        deferred.values().removeIf(List::isEmpty);
        return out;
    }

    /**
     * {@code b} ending no later than {@code now}, so that a persisted copy is never taken as in force: a ban
     * lifted by hand before its end waits as ended, so a reload or restart, which gets the waiting unbans
     * through the state, does not put it in force again.
     */
    static Ban endedBy(Ban b, Instant now) {
        if (!b.end().isAfter(now)) {
            return b;
        }
        Instant end = now.isAfter(b.start()) ? now : b.start();
        return new Ban(b.jail(), b.address(), b.start(), end, b.failures(), b.origin());
    }

    /** Whether another jail that shares an action with the ban's jail still bans the address. */
    private static boolean keptElsewhere(Ban b, Map<String, LiveJail> jails, Instant now) {
        LiveJail own = jails.get(b.jail());
        for (LiveJail lj : jails.values()) {
            if (!lj.name().equals(b.jail()) && (own == null || own.sharesActionWith(lj))) {
                Ban other = lj.jail().book().current(b.address());
                if (other != null && other.end().isAfter(now)) {
                    return true;
                }
            }
        }
        return false;
    }
}
