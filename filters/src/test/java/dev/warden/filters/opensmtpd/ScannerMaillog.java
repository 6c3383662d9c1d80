package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic OpenSMTPD maillog for tests, with its ground truth: password guessers, AUTH-on-25
 * probes, TLS failures, silent connects, garbage senders and bad-command scanners mixed with legitimate
 * MX and submission traffic (greylisting, invalid recipients, password typos, dropped connections).
 * Ideas borrowed from the shared benchmark generator; nothing here needs it.
 *
 * <p>The same sessions can be written in each log generation ({@link Layout}), so one truth checks the
 * filter's reading of all of them. The truth follows the documented rules (docs/opensmtpd.md), session by
 * session: only a {@code connected} line binds a session; an address smtpd writes at a fixed place on
 * another line attributes that line only.
 */
final class ScannerMaillog {

    /** How the lines are written. */
    enum Layout {
        /** 6.5+/7.x: the address only on {@code connected}. */
        CURRENT,
        /** 6.0 to 6.3: {@code smtp event=KIND address=A host=H ...} on every line. */
        V60,
        /** 6.4 as the filter reads it: {@code smtp KIND address=A host=H ...} on every line. */
        V64,
        /** 6.5+ with OpenSMTPD PR #1303: {@code addr=A} after {@code failed-command} and {@code bad-input}. */
        PR1303
    }

    /** What an address does; {@link #attacker} roles are the ones a jail should ban. */
    enum Role {
        LEGIT_MX(false), LEGIT_USER(false), GUESSER(true), AUTH_PROBER(true), TLS_FAILER(true),
        SILENT(true), BAD_INPUT(true), BAD_COMMAND(true), MIXED(true);

        final boolean attacker;

        Role(boolean attacker) {
            this.attacker = attacker;
        }
    }

    static final String AUTH_NOT_SUPPORTED = "503 5.5.1 Invalid command: Command not supported";
    static final List<String> KINDS = List.of("auth", "auth-on-plaintext", "bad-command", "bad-input",
            "tls-failure", "no-greeting", "tempfail");

    private static final DateTimeFormatter SYSLOG_TIME =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final long START = Instant.parse("2026-11-07T00:00:00Z").getEpochSecond();
    private static final long SPAN_SECONDS = 6 * 3600;

    /** One event of a session, as smtpd would log it. */
    private record Event(long second, String kind, String a, String b) {
    }

    private record Stamped(long second, long order, String text) {
    }

    private final Random r;
    private final Layout layout;
    private final List<Stamped> out = new ArrayList<>();
    private final Map<IpAddress, Role> roles = new LinkedHashMap<>();
    private final Map<IpAddress, Map<String, Integer>> truth = new TreeMap<>();
    private final Map<String, Integer> unattributed = new TreeMap<>();
    private long order;
    private long nextId = 0x5f3e1a0000000000L;
    private int nextV4;
    private int nextV6;

    private ScannerMaillog(long seed, Layout layout) {
        this.r = new Random(seed);
        this.layout = layout;
    }

    /** Generates the log (about 20,000 lines); the same seed and layout always give the same bytes. */
    static ScannerMaillog generate(long seed, Layout layout) {
        ScannerMaillog g = new ScannerMaillog(seed, layout);
        g.build();
        g.out.sort(Comparator.comparingLong(Stamped::second).thenComparingLong(Stamped::order));
        return g;
    }

    /** The log, one syslog line per element. */
    List<String> lines() {
        return out.stream().map(Stamped::text).toList();
    }

    byte[] bytes() {
        return (String.join("\n", lines()) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    Map<IpAddress, Role> roles() {
        return roles;
    }

    /** Expected failures per address and kind (addresses with none are absent). */
    Map<IpAddress, Map<String, Integer>> truth() {
        return truth;
    }

    /** Expected unattributed failures per kind. */
    Map<String, Integer> unattributed() {
        return unattributed;
    }

    // --- population ----------------------------------------------------------------------------------

    private void build() {
        for (int i = 0; i < 60; i++) {
            population(Role.LEGIT_MX, 8 + r.nextInt(20));
        }
        for (int i = 0; i < 40; i++) {
            population(Role.LEGIT_USER, 4 + r.nextInt(12));
        }
        Role[] attackers = {Role.GUESSER, Role.AUTH_PROBER, Role.TLS_FAILER, Role.SILENT, Role.BAD_INPUT,
            Role.BAD_COMMAND, Role.MIXED};
        for (Role role : attackers) {
            for (int i = 0; i < 12; i++) {
                // a third stay under any sensible threshold (1 to 3 sessions), the rest go well over it
                population(role, i % 3 == 0 ? 1 + r.nextInt(3) : 6 + r.nextInt(15));
            }
        }
        for (int i = 0; i < 30; i++) {
            session(START + r.nextInt((int) SPAN_SECONDS), null, "local", local());
        }
        for (int i = 0; i < 6; i++) { // sessions whose connect line was in the previous file
            IpAddress a = address();
            roles.put(a, Role.GUESSER);
            String logged = logged(a);
            List<Event> events = i % 2 == 0 ? guesser(1 + r.nextInt(3)) : authProbe();
            events.remove(0); // no connected line
            session(START + r.nextInt(60), a, logged, events);
        }
    }

    /** An address of {@code role} with {@code sessions} sessions spread over the log. */
    private void population(Role role, int sessions) {
        IpAddress a = address();
        roles.put(a, role);
        String logged = logged(a);
        int incidents = 2; // a legitimate address gets at most two counted mishaps in the whole log
        for (int k = 0; k < sessions; k++) {
            long at = START + r.nextInt((int) SPAN_SECONDS);
            List<Event> events = switch (role) {
                case LEGIT_MX -> {
                    boolean mishap = incidents > 0 && r.nextInt(10) == 0;
                    incidents -= mishap ? 1 : 0;
                    yield mishap ? (r.nextBoolean() ? tlsFailure() : silent()) : mx();
                }
                case LEGIT_USER -> {
                    boolean mishap = incidents > 0 && r.nextInt(6) == 0;
                    incidents -= mishap ? 1 : 0;
                    yield mishap ? (r.nextBoolean() ? submission(true) : silent()) : submission(false);
                }
                case GUESSER -> guesser(1 + r.nextInt(4));
                case AUTH_PROBER -> authProbe();
                case TLS_FAILER -> tlsFailure();
                case SILENT -> silent();
                case BAD_INPUT -> badInput();
                case BAD_COMMAND -> badCommand();
                case MIXED -> switch (r.nextInt(5)) {
                    case 0 -> authProbe();
                    case 1 -> tlsFailure();
                    case 2 -> silent();
                    case 3 -> badInput();
                    default -> guesser(1);
                };
            };
            session(at, a, logged, events);
        }
    }

    private IpAddress address() {
        if (r.nextInt(4) == 0) {
            int n = ++nextV6;
            return IpAddress.parse("2001:db8:" + Integer.toHexString(n >> 8) + "::" + Integer.toHexString(n & 0xFF))
                    .orElseThrow();
        }
        int n = nextV4++;
        String[] nets = {"192.0.2.", "198.51.100.", "203.0.113."};
        return IpAddress.parse(nets[n / 250] + (1 + n % 250)).orElseThrow();
    }

    private static String logged(IpAddress a) {
        return a.isIpv4() ? a.toString() : "IPv6:" + a;
    }

    // --- sessions: events with offsets in seconds from the connect ------------------------------------

    private static Event ev(long dt, String kind, String a, String b) {
        return new Event(dt, kind, a, b);
    }

    private static Event ev(long dt, String kind, String a) {
        return new Event(dt, kind, a, null);
    }

    private List<Event> list(Event... events) {
        return new ArrayList<>(List.of(events));
    }

    private List<Event> mx() {
        List<Event> e = list(ev(0, "connected", null));
        long t = 1;
        boolean tls = r.nextInt(10) < 9;
        if (tls) {
            e.add(ev(t++, "tls", null));
        }
        if (r.nextInt(20) == 0) {
            e.add(ev(t++, "failed", "RCPT TO:<nobody" + r.nextInt(99) + "@example.org> ",
                    "550 Invalid recipient: <nobody@example.org>"));
        }
        if (r.nextInt(20) == 0) {
            e.add(ev(t++, "failed", "DATA", "451 Try again later"));
        } else {
            e.add(ev(t++, "message", null));
        }
        e.add(ev(t, "disconnected", r.nextInt(10) == 0 ? "disconnect" : "quit"));
        return e;
    }

    private List<Event> submission(boolean typo) {
        List<Event> e = list(ev(0, "connected", null), ev(1, "tls", null));
        long t = 2;
        String user = "user" + r.nextInt(50) + "@example.org";
        if (typo) {
            e.add(ev(t++, "auth", user, "permfail"));
            e.add(ev(t++, "failed", "AUTH PLAIN (...)", "535 Authentication failed"));
        }
        if (r.nextInt(40) == 0) {
            e.add(ev(t++, "auth", user, "tempfail"));
            e.add(ev(t++, "failed", "AUTH PLAIN (...)", "421 4.3.0 Temporary failure"));
        }
        e.add(ev(t++, "auth", user, "ok"));
        e.add(ev(t++, "message", null));
        e.add(ev(t, "disconnected", r.nextInt(8) == 0 ? "disconnect" : "quit"));
        return e;
    }

    private List<Event> guesser(int tries) {
        List<Event> e = list(ev(0, "connected", null));
        long t = 1;
        if (r.nextBoolean()) {
            e.add(ev(t++, "tls", null));
        }
        String[] users = {"admin", "info", "test", "root", "postmaster", "sales"};
        for (int i = 0; i < tries; i++) {
            e.add(ev(t++, "auth", users[r.nextInt(users.length)], "permfail"));
            e.add(ev(t++, "failed", "AUTH LOGIN (password)", "535 Authentication failed"));
        }
        e.add(ev(t, "disconnected", r.nextBoolean() ? "quit" : "disconnect"));
        return e;
    }

    private List<Event> authProbe() {
        String[] commands = {"AUTH LOGIN", "AUTH PLAIN", "auth login", "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q="};
        return list(ev(0, "connected", null),
                ev(1, "failed", commands[r.nextInt(commands.length)], AUTH_NOT_SUPPORTED),
                ev(2, "disconnected", "disconnect"));
    }

    private List<Event> tlsFailure() {
        return list(ev(0, "connected", null), ev(1, "disconnected", "tls"));
    }

    private List<Event> silent() {
        return list(ev(0, "connected", null), r.nextInt(3) == 0
                ? ev(300, "disconnected", "timeout") : ev(1 + r.nextInt(3), "disconnected", "disconnect"));
    }

    private List<Event> badInput() {
        return list(ev(0, "connected", null),
                ev(1, "bad-input", "500 5.5.1 Invalid command: Pipelining not supported"),
                ev(2, "disconnected", "quit"));
    }

    private List<Event> badCommand() {
        List<Event> e = list(ev(0, "connected", null));
        String[][] bad = {
            {"HELO", "501 5.5.1 Invalid command: HELO requires domain name"},
            {"GET / HTTP/1.1", "500 5.5.1 Invalid command: Command unrecognized"},
            {"MAIL FROM:<a@example.com>", "503 5.5.1 Invalid command: Command not allowed at this point."},
            {"RCPT TO:<victim@example.net>", "550 Invalid recipient: <victim@example.net>"},
            {"MAIL FROM:<x@example.com>", "530 5.5.1 Invalid command: Must issue a STARTTLS command first"},
        };
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            String[] c = bad[r.nextInt(bad.length)];
            e.add(ev(1 + i, "failed", c[0], c[1]));
        }
        e.add(ev(1 + n, "disconnected", "quit"));
        return e;
    }

    private List<Event> local() {
        return list(ev(0, "connected", null), ev(0, "message", null), ev(1, "disconnected", "quit"));
    }

    // --- writing and truth ----------------------------------------------------------------------------

    private void session(long at, IpAddress address, String logged, List<Event> events) {
        String id = String.format("%016x", nextId);
        nextId += 1 + r.nextInt(1 << 20);
        String host = address == null ? "mail.example.org" : r.nextBoolean() ? "<unknown>" : "mx.example.net";
        boolean known = false;
        boolean active = false;
        for (Event e : events) {
            out.add(new Stamped(at + e.second(), order++,
                    SYSLOG_TIME.format(Instant.ofEpochSecond(at + e.second())) + " mail smtpd[4711]: "
                            + render(id, logged, host, e)));
            boolean fixed = address != null && hasFixedAddress(e.kind());
            switch (e.kind()) {
                case "connected" -> {
                    known = address != null;
                    active = false;
                }
                case "auth" -> {
                    if (e.b().equals("permfail")) {
                        count(known ? address : null, "auth");
                    } else if (e.b().equals("tempfail")) {
                        count(known ? address : null, "tempfail");
                    }
                }
                case "failed" -> {
                    String kind = failedCommandKind(e.a(), e.b());
                    if (kind != null) {
                        count(known || fixed ? address : null, kind);
                    }
                }
                case "bad-input" -> count(known || fixed ? address : null, "bad-input");
                case "disconnected" -> {
                    if (e.a().equals("tls")) {
                        count(known || fixed ? address : null, "tls-failure");
                    } else if (known && !active && !e.a().equals("quit")) {
                        count(address, "no-greeting");
                    }
                    known = false;
                }
                default -> {
                }
            }
            active |= known && !e.kind().equals("connected");
        }
    }

    /** The kind a failed-command line counts as with the default bad-command codes, or null. */
    static String failedCommandKind(String command, String result) {
        if (result.equals(AUTH_NOT_SUPPORTED) && command.regionMatches(true, 0, "AUTH", 0, 4)) {
            return "auth-on-plaintext";
        }
        int code = Integer.parseInt(result.substring(0, 3));
        return code >= 500 && code <= 504 ? "bad-command" : null;
    }

    private boolean hasFixedAddress(String kind) {
        return switch (layout) {
            case CURRENT -> false;
            case PR1303 -> kind.equals("failed") || kind.equals("bad-input");
            case V60, V64 -> !kind.equals("auth");
        };
    }

    private void count(IpAddress address, String kind) {
        if (address == null) {
            unattributed.merge(kind, 1, Integer::sum);
        } else {
            truth.computeIfAbsent(address, k -> new TreeMap<>()).merge(kind, 1, Integer::sum);
        }
    }

    private String render(String id, String logged, String host, Event e) {
        boolean v60 = layout == Layout.V60;
        boolean old = v60 || layout == Layout.V64;
        String p = id + " smtp " + (v60 ? "event=" : "");
        String where = " address=" + logged + " host=" + host;
        return switch (e.kind()) {
            case "connected" -> p + "connected address=" + logged + " host=" + host;
            case "tls" -> v60 ? p + "starttls" + where + " ciphers=\"TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384:256\""
                    : p + "tls" + (old ? where : "") + " ciphers=TLSv1.3:TLS_AES_256_GCM_SHA384:256";
            case "auth" -> p + "authentication user=" + e.a() + (old ? where : "") + " result=" + e.b();
            case "failed" -> p + "failed-command" + (old ? where : layout == Layout.PR1303 ? " addr=" + logged : "")
                    + " command=\"" + e.a() + "\" result=\"" + e.b() + "\"";
            case "bad-input" -> p + "bad-input" + (old ? where : layout == Layout.PR1303 ? " addr=" + logged : "")
                    + " result=\"" + e.a() + "\"";
            case "message" -> v60
                    ? p + "message" + where + " msgid=" + String.format("%08x", r.nextInt())
                            + " from=<a@example.com> to=<b@example.org> size=2048 ndest=1 proto=ESMTP"
                    : p + "message" + (old ? where : "") + " msgid=" + String.format("%08x", r.nextInt())
                            + " size=2048 nrcpt=1 proto=ESMTP";
            case "disconnected" -> p + (v60 ? "closed" : "disconnected") + (old ? where : "") + " reason="
                    + reason(e.a());
            default -> throw new IllegalStateException(e.kind());
        };
    }

    private String reason(String r) {
        if (!r.equals("tls")) {
            return r;
        }
        return layout == Layout.V60
                ? "\"io-error: error:1408F10B:SSL routines:ssl3_get_record:wrong version number\""
                : "\"io-error: handshake failed: error:1404A42E:SSL routines:ST_ACCEPT:tlsv1 alert protocol version\"";
    }

    /** Total expected failures of an address over the given kinds. */
    int expected(IpAddress address, List<String> kinds) {
        Map<String, Integer> m = truth.getOrDefault(address, Map.of());
        return kinds.stream().mapToInt(k -> m.getOrDefault(k, 0)).sum();
    }

    /** Per address, the expected failures over the given kinds (addresses with none left out). */
    Map<IpAddress, Integer> expected(List<String> kinds) {
        Map<IpAddress, Integer> out = new HashMap<>();
        for (IpAddress a : truth.keySet()) {
            int n = expected(a, kinds);
            if (n > 0) {
                out.put(a, n);
            }
        }
        return out;
    }
}
