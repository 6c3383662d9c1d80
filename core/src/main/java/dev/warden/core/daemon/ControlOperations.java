package dev.warden.core.daemon;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * What an operator can ask of the running jails: status, bans in force, a ban by hand, an unban. Every
 * refusal is a {@link ControlError} with a one-line reason. Runs on the daemon's thread.
 */
final class ControlOperations {

    /**
     * A ban or unban by hand, carried out in the jails' books.
     *
     * @param actionFailure null when every action applied it; otherwise a one-line message saying that an
     *     action failed (the daemon's log has why)
     * @param note null, or what the operator should know besides (a longer ban kept)
     */
    record Done<T>(T value, String actionFailure, String note) {

        Done(T value, String actionFailure) {
            this(value, actionFailure, null);
        }
    }

    private final Engine engine;

    ControlOperations(Engine engine) {
        this.engine = engine;
    }

    /** The status of one jail, or of all when {@code jail} is null. */
    List<JailStatus> status(String jail) throws ControlError {
        List<JailStatus> out = new ArrayList<>();
        Instant now = engine.clock().instant();
        for (LiveJail lj : scope(jail)) {
            List<String> files = new ArrayList<>();
            lj.files().forEach(p -> files.add(p.toString()));
            var j = lj.jail();
            var source = lj.source();
            out.add(new JailStatus(lj.name(), files, source.lines(), source.continuationLines(),
                    source.unreadableTimeLines(),
                    source.overlongLines(), lj.badLines(), j.failuresCounted(), j.tracked(),
                    j.failures(), j.ignoredFailures(), j.unattributed(), j.book().notEndedAt(now).size(),
                    lj.bansDecided()));
        }
        return out;
    }

    /** The bans in force in one jail or all, earliest first. */
    List<Ban> bans(String jail) throws ControlError {
        Instant now = engine.clock().instant();
        List<Ban> out = new ArrayList<>();
        for (LiveJail lj : scope(jail)) {
            out.addAll(lj.jail().book().notEndedAt(now));
        }
        out.sort(Comparator.comparing(Ban::start).thenComparing(Ban::jail).thenComparing(Ban::address));
        return out;
    }

    /**
     * Bans {@code addressText}, an address or a network ({@code 2001:db8:1:2::/64}), in {@code jail} from now
     * for {@code length} (null: the jail's ban-time, escalated like an automatic ban). An address is banned
     * as given, whatever the jail's prefix lengths. A ban of it in force in that jail that ends later is kept
     * as it is (a ban by hand lengthens, never shortens; the result's note says so); one that ends sooner
     * is replaced. A failed action does not undo it (the ban is recorded); the result says so. Refused: an
     * address on the jail's ignore list, a network holding one, and a network in a jail with an action that
     * does not take networks.
     */
    Done<Ban> ban(String jail, String addressText, Duration length) throws ControlError {
        LiveJail lj = find(jail);
        IpAddress address = address(addressText);
        if (lj.jail().ignores(address)) {
            throw new ControlError(address + (address.isNetwork() ? " holds an address" : " is")
                    + " on jail " + jail + "'s ignore list: not banned");
        }
        List<String> refusing = lj.parts().actions().refusingNetworks();
        if (address.isNetwork() && !refusing.isEmpty()) {
            throw new ControlError("jail " + jail + "'s action " + String.join(", ", refusing)
                    + " does not take bans of networks: " + address + " not banned");
        }
        if (length != null && (length.isZero() || length.isNegative())) {
            throw new ControlError("ban length must be positive");
        }
        Instant now = engine.clock().instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Duration d = length != null ? length : lj.jail().nextBanLength(address, now);
        Ban current = lj.jail().book().notEndedAt(address, now);
        if (current != null && !current.end().isBefore(now.plus(d))) {
            return new Done<>(current, null, address + " is already banned in " + jail + " until " + current.end()
                    + ", which is not sooner: kept (unban it first to shorten it)");
        }
        Ban ban = new Ban(jail, address, now, now.plus(d), 0, Ban.Origin.MANUAL);
        if (engine.applyManual(lj, ban) > 0) {
            return new Done<>(ban, "ban of " + address + " recorded until " + ban.end()
                    + ", but an action failed (see the daemon's log)");
        }
        return new Done<>(ban, null);
    }

    /**
     * Lifts every ban in force in {@code jail} (null: every jail) that shares an address with
     * {@code addressText}: the address's own ban and that of every banned network holding it (so that
     * {@code 2001:db8:1:2::5} lifts a ban of {@code 2001:db8:1:2::/64}); for a network, also the bans inside it.
     * Returns them, as {@link #ban}; each names what it lifted.
     */
    Done<List<Ban>> unban(String addressText, String jail) throws ControlError {
        IpAddress address = address(addressText);
        Collection<LiveJail> in = scope(jail);
        Instant now = engine.clock().instant();
        List<Ban> lifted = new ArrayList<>();
        for (LiveJail lj : in) {
            for (Ban b : lj.jail().book().overlapping(address, now)) {
                lj.jail().book().lift(b.address());
                lifted.add(b);
            }
        }
        return release(lifted, address + " is not banned" + inJail(jail), address.toString());
    }

    /**
     * Lifts every ban in force in {@code jail} (null: every jail), like fail2ban's {@code unban --all};
     * returns them, as {@link #ban}. Each stays unbanned until new failures earn a new ban.
     */
    Done<List<Ban>> unbanAll(String jail) throws ControlError {
        Collection<LiveJail> in = scope(jail);
        Instant now = engine.clock().instant();
        List<Ban> lifted = new ArrayList<>();
        for (LiveJail lj : in) {
            for (Ban b : lj.jail().book().notEndedAt(now)) {
                lj.jail().book().lift(b.address());
                lifted.add(b);
            }
        }
        return release(lifted, "no bans in force" + inJail(jail), lifted.size() + " address(es)");
    }

    /** Lifts {@code lifted} (already out of their books) through the actions; {@code none} when empty. */
    private Done<List<Ban>> release(List<Ban> lifted, String none, String what) throws ControlError {
        if (lifted.isEmpty()) {
            throw new ControlError(none);
        }
        if (engine.releaseManual(lifted) > 0) {
            return new Done<>(lifted, "unban of " + what + " recorded, but an action failed (see the daemon's log)");
        }
        return new Done<>(lifted, null);
    }

    private static String inJail(String jail) {
        return jail == null ? "" : " in jail " + jail;
    }

    private Collection<LiveJail> scope(String jail) throws ControlError {
        return jail == null ? engine.jails().values() : List.of(find(jail));
    }

    private LiveJail find(String jail) throws ControlError {
        LiveJail lj = engine.jails().get(jail);
        if (lj == null) {
            throw new ControlError("no jail named '" + jail + "'; jails: " + String.join(", ", engine.jails().keySet()));
        }
        return lj;
    }

    private static IpAddress address(String text) throws ControlError {
        return IpAddress.parseNetwork(text == null ? "" : text.strip())
                .orElseThrow(() -> new ControlError("not an IP address or network: '" + text + "'"));
    }
}
