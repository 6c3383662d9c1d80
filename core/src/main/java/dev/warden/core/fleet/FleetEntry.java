package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the fleet's stream: a ban or an unban made on one node. Immutable. Its fields in Redis
 * ({@link #fields()}) are text: {@code v} (the format, {@value #VERSION}), {@code op} ({@code ban} or
 * {@code unban}), {@code address} (canonical), {@code jail}, {@code node}, {@code start} and {@code end} (epoch
 * milliseconds) and {@code failures}. An unban carries the ban it lifts.
 *
 * @param op ban or unban
 * @param address the address, never null
 * @param jail the jail on the node that made it
 * @param node the node that made it
 * @param start when the ban began
 * @param end when the ban ends; after start
 * @param failures the failures counted when it was decided (0 for a manual ban), 0 or more
 */
public record FleetEntry(Op op, IpAddress address, String jail, String node, Instant start, Instant end,
                         int failures) {

    /** The entry format written; an entry of another format is skipped by {@link #of}. */
    public static final String VERSION = "1";

    /** What a node name is (as {@code fleet.node}); an entry naming another is skipped. */
    public static final java.util.regex.Pattern NODE = dev.warden.core.config.FleetSettings.NODE;
    /**
     * What a jail name is (as in the configuration, at most 64 characters); an entry naming another is skipped: a
     * remote jail's name is written in logs, the state and {@code warden bans}.
     */
    public static final java.util.regex.Pattern JAIL = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** What an entry does. */
    public enum Op { BAN, UNBAN }

    public FleetEntry {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(jail, "jail");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (failures < 0) {
            throw new IllegalArgumentException("failures " + failures);
        }
    }

    /** The key of the ban in the bans in force: {@code node/jail/address}, one per ban a node holds. */
    public String key() {
        return node + "/" + jail + "/" + address;
    }

    /** The fields of the stream entry, in a fixed order. */
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("v", VERSION);
        f.put("op", op == Op.BAN ? "ban" : "unban");
        f.put("address", address.toString());
        f.put("jail", jail);
        f.put("node", node);
        f.put("start", Long.toString(start.toEpochMilli()));
        f.put("end", Long.toString(end.toEpochMilli()));
        f.put("failures", Integer.toString(failures));
        return f;
    }

    /**
     * The entry the fields describe, or empty when they are not a well-formed entry of this format (another
     * node's newer version, or anything else written to the stream): such an entry is skipped, not fatal.
     */
    public static Optional<FleetEntry> of(Map<String, String> f) {
        if (!VERSION.equals(f.get("v"))) {
            return Optional.empty();
        }
        Op op = "ban".equals(f.get("op")) ? Op.BAN : "unban".equals(f.get("op")) ? Op.UNBAN : null;
        Optional<IpAddress> address = Optional.ofNullable(f.get("address")).flatMap(IpAddress::parseNetwork);
        Optional<Long> start = number(f.get("start"));
        Optional<Long> end = number(f.get("end"));
        Optional<Long> failures = number(f.get("failures"));
        String jail = f.get("jail");
        String node = f.get("node");
        if (op == null || address.isEmpty() || start.isEmpty() || end.isEmpty() || failures.isEmpty()
                || jail == null || !JAIL.matcher(jail).matches() || node == null || !NODE.matcher(node).matches()
                || end.get() <= start.get()
                || failures.get() > Integer.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(new FleetEntry(op, address.get(), jail, node, Instant.ofEpochMilli(start.get()),
                Instant.ofEpochMilli(end.get()), (int) (long) failures.get()));
    }

    /** The fields' values on one line, space-separated in {@link #fields()}' order: a value of the bans in force. */
    public String line() {
        return String.join(" ", fields().values());
    }

    /** The entry {@link #line()} wrote, or empty. */
    public static Optional<FleetEntry> ofLine(String line) {
        String[] v = line.split(" ", -1);
        if (v.length != NAMES.length) {
            return Optional.empty();
        }
        Map<String, String> f = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            f.put(NAMES[i], v[i]);
        }
        return of(f);
    }

    private static final String[] NAMES = {"v", "op", "address", "jail", "node", "start", "end", "failures"};

    private static Optional<Long> number(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }
}
