package dev.warden.filters;

import dev.warden.core.spi.IpAddress;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fuzz oracle of {@link FilterFuzzTest}: for each line of one log, in order, the addresses a filter
 * may report on it, because the daemon wrote them in a field the filter trusts, on that line or (for a
 * filter that correlates lines) on an earlier one. Lines are ISO-8859-1 strings, one character per byte.
 *
 * <p>An <em>address token</em> is the longest run of {@code [0-9A-Za-z.:%_]} at a place, parsed by
 * {@link IpAddress#parse(CharSequence)} (so {@code ::ffff:192.0.2.1} counts as {@code 192.0.2.1} and a
 * zone is dropped, as the filters normalize); a run that is not exactly one address gives none, so
 * {@code 192.0.2.1x} never vouches for {@code 192.0.2.1}. After a field marker, a run ending in one colon
 * that is not an address is read without it ({@code Unable to negotiate with A: no matching ...}, an
 * sshd shape). One instance per log; not thread-safe.
 */
abstract class TrustedFields {

    private static final Pattern TOKEN = Pattern.compile("[0-9A-Za-z.:%_]+");

    /** The addresses the filter may report on {@code line}, the next line of the log. */
    abstract Set<IpAddress> next(String line);

    /**
     * The addresses the filter may report, besides those {@link #next} allowed, for failures of {@code kind}
     * that a filter holds back and reports on whatever later line ends their session (by idle time, say);
     * none by default.
     */
    Set<IpAddress> heldBack(String kind) {
        return Set.of();
    }

    /**
     * sshd: a token right after one of sshd's own words that precede the peer address ({@code from },
     * {@code FROM }, {@code rhost=}, {@code closed by }, {@code reset by }, {@code authentication for },
     * {@code negotiate with }, {@code from [}, {@code refused connect from H (}, {@code Remote: }) or right
     * before {@code " port "} (the {@code user U A port N} shapes) but not after {@code " port N on "} (the
     * local address of {@code Connection from A port N on B port 22}), on this line or on an earlier line of the
     * same pid (a session's address attributes its later address-less lines). A line's pids are every
     * {@code [N]} in it and an RFC 5424 PROCID, so a pid sshd's tag carries is among them. The one exception
     * is a {@code pam} failure, which waits for its session's outcome and is reported when the session ends,
     * on the line of any pid that makes it expire: its address is any earlier {@code rhost=}'s. User names can
     * hold such words too; which of two trusted-looking addresses of one line wins is
     * {@code SshdInjectionTest}'s concern, not this oracle's.
     */
    static TrustedFields sshd() {
        Pattern before = Pattern.compile("from \\[|from |FROM |rhost=|closed by |reset by |authentication for "
                + "|negotiate with |refused connect from \\S+ \\(|Remote: ");
        Pattern port = Pattern.compile("(?<= )(?<! port \\d{1,5} on )([0-9A-Za-z.:%_]+) port ");
        Pattern pid = Pattern.compile("\\[0*(\\d{1,18})\\]|^<\\d{1,3}>1 \\S+ \\S+ \\S+ 0*(\\d{1,18}) ");
        Pattern rhost = Pattern.compile("rhost=");
        Map<String, Set<IpAddress>> sessions = new HashMap<>();
        Set<IpAddress> pam = new HashSet<>();
        return new TrustedFields() {
            @Override
            Set<IpAddress> heldBack(String kind) {
                return kind.equals("pam") ? pam : Set.of();
            }

            @Override
            Set<IpAddress> next(String line) {
                pam.addAll(after(line, rhost));
                Set<IpAddress> out = after(line, before);
                Matcher m = port.matcher(line);
                while (m.find()) {
                    parse(m.group(1), out);
                }
                Set<IpAddress> own = Set.copyOf(out);
                Matcher p = pid.matcher(line);
                while (p.find()) {
                    Set<IpAddress> session = sessions.computeIfAbsent(p.group(1) != null ? p.group(1) : p.group(2),
                            k -> new HashSet<>());
                    session.addAll(own);
                    out.addAll(session);
                }
                return out;
            }
        };
    }

    /**
     * A stateless regex filter: a token right after {@code before} (the pattern text before
     * {@code <ADDR>}), in this line only.
     */
    static TrustedFields regex(String before) {
        Pattern p = Pattern.compile(before);
        return new TrustedFields() {
            @Override
            Set<IpAddress> next(String line) {
                return after(line, p);
            }
        };
    }

    /**
     * OpenSMTPD: the value of an {@code address=} or {@code addr=} field right after the event word
     * ({@code smtp [event=]WORD address=V}) on this line, or of the {@code connected address=V} line of the
     * same session (the 16 lower-case hex digits before {@code " smtp "}) earlier in the log. V is the
     * blank-free token smtpd writes: dotted IPv4, IPv6 bare, in brackets or after {@code IPv6:}.
     */
    static TrustedFields opensmtpd() {
        Pattern own = Pattern.compile(" smtp (?:event=)?\\S+ (?:address|addr)=(\\S+)");
        Pattern connected = Pattern.compile("([0-9a-f]{16}) smtp (?:event=)?connected address=(\\S+)");
        Pattern session = Pattern.compile("(?=([0-9a-f]{16}) smtp )");
        Map<String, Set<IpAddress>> sessions = new HashMap<>();
        return new TrustedFields() {
            @Override
            Set<IpAddress> next(String line) {
                Matcher c = connected.matcher(line);
                while (c.find()) {
                    smtpdAddress(c.group(2), sessions.computeIfAbsent(c.group(1), k -> new HashSet<>()));
                }
                Set<IpAddress> out = new HashSet<>();
                Matcher o = own.matcher(line);
                while (o.find()) {
                    smtpdAddress(o.group(1), out);
                }
                Matcher s = session.matcher(line);
                while (s.find()) {
                    out.addAll(sessions.getOrDefault(s.group(1), Set.of()));
                }
                return out;
            }
        };
    }

    /** The addresses of the tokens right after each match of {@code marker}. */
    static Set<IpAddress> after(String line, Pattern marker) {
        Set<IpAddress> out = new HashSet<>();
        Matcher m = marker.matcher(line);
        Matcher t = TOKEN.matcher(line);
        while (m.find()) {
            if (t.region(m.end(), line.length()).lookingAt()) {
                String token = t.group();
                if (!parse(token, out) && token.endsWith(":")) {
                    parse(token.substring(0, token.length() - 1), out); // "with A: no matching ..."
                }
            }
        }
        return out;
    }

    private static void smtpdAddress(String value, Set<IpAddress> into) {
        String v = value.startsWith("IPv6:") ? value.substring(5) : value;
        if (v.length() > 2 && v.startsWith("[") && v.endsWith("]")) {
            v = v.substring(1, v.length() - 1);
        }
        parse(v, into);
    }

    /** Adds the address {@code token} is, if it is one; returns whether it was. */
    private static boolean parse(String token, Set<IpAddress> into) {
        return IpAddress.parse(token).map(into::add).isPresent();
    }

    /** The words worth inserting into these daemons' lines, for the mutations' dictionary. */
    static List<String> addresses() {
        return List.of("192.0.2.66", "198.51.100.7", "2001:db8::66", "[2001:db8::7]", "IPv6:2001:db8::8",
                "::ffff:203.0.113.5", "fe80::1%eth0", "0.0.0.0", "255.255.255.255", "::", "1.2.3", "01.2.3.4",
                "2001:db8::1::2", "local");
    }
}
