package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Actions that failed are tried again every {@code retry-interval} (default {@link #INTERVAL}) until they succeed (pfctl at boot before
 * pf is up, a table that does not exist yet): a jail whose bans failed re-applies all its bans in force
 * (adding is idempotent), and an unban that failed is repeated unless the jail banned the address again
 * meanwhile. Failed unbans are persisted with the state (as ended bans, lifted again at the next start).
 * A retry is also due when the clock reads earlier than when it was scheduled: a wall clock stepped back
 * an hour must not put retries off by an hour. Confined to the daemon's thread.
 */
final class ActionRetry {

    /** How long after a failure an action is tried again, unless configured otherwise. */
    static final Duration INTERVAL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ActionRetry.class);

    private final Set<String> reapply = new LinkedHashSet<>();
    private final Map<String, List<Ban>> unbans = new LinkedHashMap<>();
    private Duration interval = INTERVAL;
    private Instant scheduledAt;
    private Instant next;

    /** Sets how long after a failure an action is tried again (from the next failure or retry on). */
    void interval(Duration interval) {
        this.interval = interval;
    }

    /** Notes that applying bans of {@code jail} failed at {@code now}. */
    void banFailed(String jail, Instant now) {
        reapply.add(jail);
        schedule(now);
    }

    /** Notes that lifting {@code bans} of {@code jail} failed at {@code now}. */
    void unbanFailed(String jail, List<Ban> bans, Instant now) {
        List<Ban> list = unbans.computeIfAbsent(jail, j -> new ArrayList<>());
        for (Ban b : bans) {
            list.add(BanRelease.endedBy(b, now));
        }
        schedule(now);
    }

    private void schedule(Instant now) {
        if (next == null) {
            scheduledAt = now;
            next = now.plus(interval);
        }
    }

    /** Tries again what is due; returns how many action calls failed again. */
    int retryDue(Map<String, LiveJail> jails, Instant now) {
        if (next == null || now.isBefore(next) && !now.isBefore(scheduledAt)) {
            return 0;
        }
        next = null;
        int failed = 0;
        for (String jail : new ArrayList<>(reapply)) {
            LiveJail lj = jails.get(jail);
            List<Ban> active = lj == null ? List.of() : lj.jail().book().notEndedAt(now);
            int f = active.isEmpty() ? 0 : lj.actions().ban(active);
            if (f == 0) {
                reapply.remove(jail);
                LOG.info("[{}] {} ban(s) in force applied on retry", jail, active.size());
            }
            failed += f;
        }
        for (Map.Entry<String, List<Ban>> e : new ArrayList<>(unbans.entrySet())) {
            LiveJail lj = jails.get(e.getKey());
            List<Ban> lift = new ArrayList<>();
            for (Ban b : e.getValue()) {
                Ban current = lj == null ? null : lj.jail().book().current(b.address());
                if (current == null || !current.end().isAfter(now)) {
                    lift.add(b);
                }
            }
            int f = lift.isEmpty() || lj == null ? 0 : lj.actions().unban(lift);
            if (f == 0) {
                unbans.remove(e.getKey());
                LOG.info("[{}] {} unban(s) carried out on retry", e.getKey(), lift.size());
            }
            failed += f;
        }
        if (!reapply.isEmpty() || !unbans.isEmpty()) {
            schedule(now);
        }
        return failed;
    }

    /** Unbans still to be carried out, for persisting. */
    List<Ban> pendingUnbans() {
        List<Ban> out = new ArrayList<>();
        unbans.values().forEach(out::addAll);
        return out;
    }

    /** When the next retry is due (now, if the clock stepped back since it was scheduled), or null. */
    Instant next(Instant now) {
        if (next != null && now.isBefore(scheduledAt)) {
            return now;
        }
        return next;
    }

    /** Forgets the bans to re-apply (a reload re-applies every ban in force anyway). */
    void clearReapply() {
        reapply.clear();
    }
}
