package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The open sessions of a filter as text, for {@link dev.warden.core.spi.Filter#saveState}: a header line,
 * then one line per session, fields separated by tabs:
 * <pre>
 * opensmtpd-sessions 1
 * HOST	ID	ADDRESS	LAST-SEEN	FLAGS
 * mail	5f3e1a01c0ffee01	192.0.2.10	1700000000000	0
 * </pre>
 * HOST is the syslog host (bytes kept as ISO-8859-1 characters), ID smtpd's 16 hex digits, ADDRESS the
 * canonical client address, LAST-SEEN the log time in epoch milliseconds the session was last seen, FLAGS
 * its {@link SessionTable} flags. At most {@code max-sessions} lines, since the table holds no more.
 *
 * <p>Reading is forgiving: a wrong header makes the whole text ignored, a malformed line is skipped, and
 * the current options apply: sessions idle for longer than {@code session-timeout} before the newest one
 * are dropped, and only the {@code max-sessions} most recently seen are kept. Stateless.
 */
final class SessionState {

    static final String HEADER = "opensmtpd-sessions 1";

    private static final HexFormat HEX = HexFormat.of();

    private SessionState() {
    }

    /** The sessions of {@code filter} as text; null when there are none. */
    static String save(OpenSmtpdFilter filter) {
        List<SessionTable.Entry> entries = filter.sessions().entries();
        if (entries.isEmpty()) {
            return null;
        }
        byte[][] names = filter.hosts().namesById();
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (SessionTable.Entry e : entries) {
            if (e.host() >= names.length || !printable(names[e.host()])) {
                continue; // a host past HostIds.MAX_INTERNED has no name to save under
            }
            out.append(new String(names[e.host()], StandardCharsets.ISO_8859_1)).append('\t')
                    .append(HEX.toHexDigits(e.id())).append('\t') // not String.format: every save has one per session
                    .append(e.address()).append('\t')
                    .append(e.seen()).append('\t')
                    .append(e.flags()).append('\n');
        }
        return out.toString();
    }

    /** Puts the sessions of {@code text} into {@code filter}'s table, within its options. Never throws. */
    static void restore(OpenSmtpdFilter filter, String text) {
        if (text == null || !text.startsWith(HEADER + "\n")) {
            return;
        }
        List<Parsed> sessions = new ArrayList<>();
        for (String line : text.substring(HEADER.length() + 1).split("\n")) {
            parse(line).ifPresent(sessions::add);
        }
        if (sessions.isEmpty()) {
            return;
        }
        Settings settings = filter.settings();
        long newest = sessions.stream().mapToLong(Parsed::seen).max().orElseThrow();
        List<Parsed> kept = sessions.stream()
                .filter(p -> p.seen() >= newest - settings.idleMillis())
                .sorted(Comparator.comparingLong(Parsed::seen).reversed())
                .limit(settings.maxSessions())
                .sorted(Comparator.comparingLong(Parsed::seen))
                .toList();
        for (Parsed p : kept) {
            int host = filter.hosts().idOf(p.host(), 0, p.host().length);
            filter.sessions().restore(new SessionTable.Entry(p.id(), host, p.address(), p.seen(), p.flags()));
        }
    }

    private record Parsed(byte[] host, long id, IpAddress address, long seen, int flags) {
    }

    private static Optional<Parsed> parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 5 || f[0].isEmpty() || f[1].length() != SessionIds.LENGTH) {
            return Optional.empty();
        }
        byte[] host = f[0].getBytes(StandardCharsets.ISO_8859_1);
        byte[] id = f[1].getBytes(StandardCharsets.ISO_8859_1);
        if (!printable(host) || !SessionIds.isId(id, 0)) {
            return Optional.empty();
        }
        Optional<IpAddress> address = IpAddress.parse(f[2]);
        Long seen = number(f[3]);
        Long flags = number(f[4]);
        if (address.isEmpty() || seen == null || flags == null || flags < 0 || flags > 0xFF) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(host, SessionIds.parse(id, 0), address.get(), seen, flags.intValue()));
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A host name that a line of this format can hold: not empty, no blanks or control characters. */
    private static boolean printable(byte[] name) {
        if (name == null || name.length == 0) {
            return false;
        }
        for (byte c : name) {
            if ((c & 0xFF) <= ' ' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }
}
