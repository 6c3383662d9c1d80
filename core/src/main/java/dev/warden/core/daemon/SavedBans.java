package dev.warden.core.daemon;

import dev.warden.core.engine.BanBook;
import dev.warden.core.spi.Ban;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bans of a saved state sorted against the jails now running, as {@link Engine#install} needs them:
 * those in force (already put back in their jails' books, to be scheduled and re-applied), those that
 * ended while the daemon was stopped (to be lifted), and, per jail no longer configured, how many were
 * dropped.
 *
 * @param inForce per jail, its bans still in force at the instant given, in state order
 * @param ended the bans that ended meanwhile and must be lifted through their jails' actions
 * @param orphans per jail of the state that is not running, how many bans it had
 */
record SavedBans(Map<String, List<Ban>> inForce, List<Ban> ended, Map<String, Integer> orphans) {

    /**
     * Sorts {@code bans} at {@code now} and puts them back in the books of {@code jails}: bans in force,
     * and ended bans too while the book holds nothing for their address, until the end of the first round
     * (lines read again after a crash, those after the saved position, are then absorbed by the ban they
     * led to instead of deciding it again; {@link BanBook#removeEndedBy} drops them after the round). An
     * ended ban superseded by a ban in force of the same jail and address (a waiting unban, then a new
     * ban) is not returned for lifting: in a shared table, lifting it would lift the ban in force.
     */
    static SavedBans restore(List<Ban> bans, Map<String, LiveJail> jails, Instant now) {
        Map<String, List<Ban>> inForce = new LinkedHashMap<>();
        List<Ban> ended = new ArrayList<>();
        Map<String, Integer> orphans = new LinkedHashMap<>();
        for (Ban b : bans) {
            LiveJail lj = jails.get(b.jail());
            if (lj == null) {
                orphans.merge(b.jail(), 1, Integer::sum);
            } else if (!b.end().isAfter(now)) {
                ended.add(b);
            } else {
                lj.jail().book().restore(b);
                inForce.computeIfAbsent(b.jail(), j -> new ArrayList<>()).add(b);
            }
        }
        for (Ban b : ended) {
            BanBook book = jails.get(b.jail()).jail().book();
            if (book.current(b.address()) == null) {
                book.restore(b);
            }
        }
        ended.removeIf(b -> jails.get(b.jail()).jail().book().notEndedAt(b.address(), now) != null);
        return new SavedBans(inForce, ended, orphans);
    }
}
