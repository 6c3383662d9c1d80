package dev.warden.filters.sshd;

import dev.warden.core.spi.IpAddress;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The open sessions of a filter as text, for {@link dev.warden.core.spi.Filter#saveState}: a header line
 * naming the {@code pam-failures} setting the PAM entries were kept under, then per session one {@code S}
 * line followed by its waiting failures ({@code W}) and PAM attempts ({@code P}), fields separated by tabs:
 * <pre>
 * sshd-sessions 2 pam-failures=deferred
 * S	PID	LAST-SEEN	PEER	STAGE
 * W	KIND	TIME
 * P	USER	ADDRESS	TIME
 * S	4711	1700000000000	192.0.2.10	auth
 * P	root	192.0.2.10	1700000000000
 * S	4712	1700000001000	-	handshake
 * W	scanner	1700000001000
 * </pre>
 * PID is sshd's pid, LAST-SEEN the log time in epoch milliseconds the session was last seen, PEER the
 * canonical address a line of the pid named ({@code -}: none yet), STAGE the {@link ConnectionStage} the
 * connection reached, in lower case ({@code over} once its "too many authentication failures" was counted).
 * Version 1 (before the stages) is read too: its last column is {@code 1} when the too-many was counted
 * (read as {@code over}), else {@code 0} ({@code auth}). KIND is the failure kind still waiting for an
 * address, USER the user name of a PAM attempt with {@code \}, tab, CR and LF escaped as {@code \\},
 * {@code \t}, {@code \r}, {@code \n}. Sessions appear least recently seen first, the table's eviction
 * order; at most the table's capacity, each with at most {@link Session#MAX_WAITING} entries of each sort.
 *
 * <p>Reading is forgiving: a wrong header makes the whole text ignored; so is a last line without its
 * newline (a truncated {@code 1700000000000} would still read as a time); a malformed {@code S} line is
 * skipped with the entries that follow it, a malformed {@code W} or {@code P} line or one of an unknown
 * sort alone. The current options apply: only the most recently seen sessions the table can hold are
 * kept; a waiting failure whose kind the current {@code mode} does not count is dropped; PAM attempts
 * saved under the other {@code pam-failures} setting are dropped (held {@code deferred} attempts were
 * never reported and {@code immediate} ones already were, so neither means the same in the other
 * setting). Sessions are not dropped for idleness: the table evicts them on the next line by log time,
 * reporting what they hold, as it would have without the restart. Stateless.
 */
final class SessionState {

    static final String HEADER = "sshd-sessions 2";
    /** The format before {@link ConnectionStage}: a too-many flag where version 2 has the stage. */
    private static final String VERSION_1 = "sshd-sessions 1";
    private static final String PAM_PREFIX = HEADER + " pam-failures=";

    /** The kinds a session holds while waiting for an address (see {@link SessionCorrelator}). */
    private static final List<MessageKind> HELD =
            List.of(MessageKind.TOO_MANY, MessageKind.LOCKED, MessageKind.KEX_IDENTIFICATION,
                    MessageKind.SCANNER_HOSTLESS, MessageKind.NEGOTIATION_HOSTLESS);

    private SessionState() {
    }

    /** The open sessions of {@code correlator}'s table as text; null when there are none. */
    static String save(SessionCorrelator correlator) {
        List<Session> sessions = correlator.table().sessions();
        if (sessions.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(header(correlator.pamFailures())).append('\n');
        for (Session s : sessions) {
            out.append("S\t").append(s.pid).append('\t').append(s.lastSeenMillis).append('\t')
                    .append(s.peer == null ? "-" : s.peer.toString()).append('\t')
                    .append(s.stage.name().toLowerCase(Locale.ROOT)).append('\n');
            for (Session.Waiting w : s.hostless) {
                out.append("W\t").append(w.kind()).append('\t').append(w.epochMillis()).append('\n');
            }
            for (Session.PamAttempt p : s.pam) {
                out.append("P\t").append(escape(p.user())).append('\t').append(p.address()).append('\t')
                        .append(p.epochMillis()).append('\n');
            }
        }
        return out.toString();
    }

    /** Puts the sessions of {@code text} into {@code correlator}'s table, within its options. Never throws. */
    static void restore(SessionCorrelator correlator, String text) {
        if (text == null) {
            return;
        }
        int eol = text.indexOf('\n');
        if (eol < 0) {
            return;
        }
        String header = text.substring(0, eol);
        boolean version1 = header.startsWith(VERSION_1 + " ");
        if (version1) {
            header = HEADER + header.substring(VERSION_1.length());
        }
        boolean samePam = header.equals(header(correlator.pamFailures()));
        if (!samePam && !header.equals(header(other(correlator.pamFailures())))) {
            return;
        }
        Map<Long, Session> read = new LinkedHashMap<>();
        Session current = null;
        int last = text.lastIndexOf('\n');
        for (String line : text.substring(eol + 1, last + 1).split("\n")) { // a line cut short is no line
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "S" -> {
                    current = session(f, version1);
                    if (current != null) {
                        read.remove(current.pid);
                        read.put(current.pid, current);
                    }
                }
                case "W" -> {
                    Session.Waiting w = waiting(f, correlator.mode());
                    if (current != null && w != null) {
                        keepLast(current.hostless, w);
                    }
                }
                case "P" -> {
                    Session.PamAttempt p = samePam ? pamAttempt(f) : null;
                    if (current != null && p != null) {
                        keepLast(current.pam, p);
                    }
                }
                default -> {
                }
            }
        }
        SessionTable table = correlator.table();
        int skip = Math.max(0, read.size() - table.capacity());
        for (Session s : read.values()) {
            if (skip > 0) {
                skip--;
            } else {
                table.restore(s);
            }
        }
    }

    static String header(PamFailures pamFailures) {
        return PAM_PREFIX + pamFailures.name().toLowerCase(Locale.ROOT);
    }

    private static PamFailures other(PamFailures p) {
        return p == PamFailures.DEFERRED ? PamFailures.IMMEDIATE : PamFailures.DEFERRED;
    }

    /** {@code S PID LAST-SEEN PEER STAGE} (version 1: {@code TOO-MANY} for STAGE), or null. */
    private static Session session(String[] f, boolean version1) {
        if (f.length != 5) {
            return null;
        }
        Long pid = number(f[1]);
        Long seen = number(f[2]);
        IpAddress peer = f[3].equals("-") ? null : IpAddress.parse(f[3]).orElse(null);
        ConnectionStage stage = version1 ? tooManyFlag(f[4]) : stage(f[4]);
        if (pid == null || pid < 0 || seen == null || (peer == null && !f[3].equals("-")) || stage == null) {
            return null;
        }
        Session s = new Session(pid, seen);
        s.peer = peer;
        s.stage = stage;
        return s;
    }

    private static ConnectionStage stage(String name) {
        for (ConnectionStage stage : ConnectionStage.values()) {
            if (stage.name().toLowerCase(Locale.ROOT).equals(name)) {
                return stage;
            }
        }
        return null;
    }

    /** Version 1's TOO-MANY: {@code 1} counted ({@code over}), {@code 0} not ({@code auth}), else null. */
    private static ConnectionStage tooManyFlag(String flag) {
        return flag.equals("1") ? ConnectionStage.OVER : flag.equals("0") ? ConnectionStage.AUTH : null;
    }

    /** {@code W KIND TIME} of a kind a session holds and {@code mode} counts, or null. */
    private static Session.Waiting waiting(String[] f, SshdMode mode) {
        if (f.length != 3) {
            return null;
        }
        Long at = number(f[2]);
        for (MessageKind k : HELD) {
            if (k.failureKind().equals(f[1]) && k.counts(mode, true)) {
                return at == null ? null : new Session.Waiting(k.failureKind(), at);
            }
        }
        return null;
    }

    /** {@code P USER ADDRESS TIME}, or null. */
    private static Session.PamAttempt pamAttempt(String[] f) {
        if (f.length != 4) {
            return null;
        }
        String user = unescape(f[1]);
        IpAddress address = IpAddress.parse(f[2]).orElse(null);
        Long at = number(f[3]);
        return user == null || address == null || at == null ? null : new Session.PamAttempt(user, address, at);
    }

    /** Adds {@code e}, dropping the oldest beyond {@link Session#MAX_WAITING}, as the correlator does. */
    private static <T> void keepLast(ArrayDeque<T> q, T e) {
        q.addLast(e);
        if (q.size() > Session.MAX_WAITING) {
            q.removeFirst();
        }
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #escape}; null for a text {@code escape} cannot have written. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r') {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                return null;
            }
            switch (s.charAt(i)) {
                case '\\' -> out.append('\\');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'n' -> out.append('\n');
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
