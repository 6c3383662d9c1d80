package dev.warden.filters.regex;

import dev.warden.core.spi.IpAddress;

/**
 * What {@code <ADDR>} (and its alias {@code <HOST>}) expands to, and the check that a capture is a whole
 * address rather than a piece of a longer one. Literal addresses only: a host name never matches.
 *
 * <p>The sub-pattern is strict about shape (octets 0–255 without leading zeros; IPv6 groups of 1–4 hex
 * digits, one {@code ::}, an optional dotted-quad tail, an optional {@code %zone}) and leaves group
 * counts to {@link dev.warden.core.spi.IpAddress#parse}. Its alternatives are ordered so that, at a given
 * start, the longest reading is tried first (an embedded dotted quad before a plain IPv6 tail); it is
 * wrapped in {@code (?-U:…)} so that an operator's {@code (?U)} cannot make it stop early.
 */
final class AddressPattern {

    private static final String OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
    private static final String H = "[0-9A-Fa-f]{1,4}";
    private static final String ZONE = "(?:%[0-9A-Za-z_.~-]+)?";
    /** IPv6 forms that start with a hex digit. */
    private static final String IPV6_HEX = "(?:"
            + H + "(?::" + H + "){5}:" + IPV4
            + "|" + H + "(?::" + H + "){0,4}::(?:" + H + ":){0,4}" + IPV4
            + "|" + H + "(?::" + H + "){7}"
            + "|" + H + "(?::" + H + "){0,6}::(?:" + H + "(?::" + H + "){0,6})?"
            + ")" + ZONE;
    /** IPv6 forms that start with {@code ::}. */
    private static final String IPV6_COLON = "::(?:(?:" + H + ":){0,5}" + IPV4
            + "|" + H + "(?::" + H + "){0,6})?" + ZONE;

    /** Group name of the capture in a fail pattern. */
    static final String GROUP = "warden_addr";

    /** The body when the pattern itself fixes where the address starts. */
    static final String BODY = "(?-U:" + IPV6_HEX + "|" + IPV4 + "|" + IPV6_COLON + ")";

    /**
     * The body when it does not (a repetition or group before {@code <ADDR>}): an address must start at a
     * word boundary, so {@code .*<ADDR>} cannot begin inside a dotted quad or a hex group.
     */
    static final String LOOSE_BODY = "(?-U:\\b(?:" + IPV6_HEX + "|" + IPV4 + ")|\\B" + IPV6_COLON + ")";

    private AddressPattern() {
    }

    /** The capturing expansion for a fail pattern. */
    static String capture(boolean looseStart) {
        return "(?P<" + GROUP + ">" + (looseStart ? LOOSE_BODY : BODY) + ")";
    }

    /**
     * The address a fail pattern captured in {@code m[s, e)}, or null. Where the pattern fixed a side of
     * the capture (a literal next to {@code <ADDR>}), that side is taken as is. Where it left a side open:
     * <ul>
     * <li>start: a capture that begins inside a longer literal ({@code .*<ADDR>} reaching into
     *     {@code 2001:db8::1} at {@code db8::1}, or into {@code ::ffff:192.0.2.1} at the dotted quad) is
     *     widened to that literal; a single {@code :} of a label ({@code IP:}) is not part of it. If the
     *     widened text is no address, an IPv4 capture right after a {@code label:} stands; anything else,
     *     or a literal glued to a word, is refused;</li>
     * <li>end: a capture followed by a letter, digit or {@code _}, by {@code .} and a digit, or (IPv6) by
     *     {@code :} and a hex digit or colon is a piece of something longer, and refused.</li>
     * </ul>
     */
    static IpAddress read(String m, int s, int e, boolean looseStart, boolean looseEnd) {
        boolean v6 = m.lastIndexOf(':', e - 1) >= s;
        if (looseEnd && !endIsWhole(m, e, v6)) {
            return null;
        }
        if (!looseStart) {
            return parse(m, s, e);
        }
        int t = s;
        while (t > 0 && isAddressChar(m.charAt(t - 1))) {
            t--;
        }
        if (t < s && m.charAt(t) == ':' && (t + 1 == s || m.charAt(t + 1) != ':')) {
            t++;
        }
        boolean glued = t > 0 && isWord(m.charAt(t - 1));
        IpAddress whole = glued ? null : parse(m, t, e);
        if (whole != null || t == s) {
            return whole;
        }
        boolean afterLabel = !v6 && m.charAt(s - 1) == ':' && m.lastIndexOf(':', s - 2) < t;
        return afterLabel ? parse(m, s, e) : null;
    }

    private static IpAddress parse(String m, int s, int e) {
        return IpAddress.parse(m.substring(s, e)).orElse(null);
    }

    private static boolean endIsWhole(String m, int e, boolean v6) {
        if (e == m.length()) {
            return true;
        }
        char n = m.charAt(e);
        char after = e + 1 < m.length() ? m.charAt(e + 1) : 0;
        if (isWord(n) || n == '.' && isDigit(after)) {
            return false;
        }
        return !(v6 && n == ':' && (isHex(after) || after == ':'));
    }

    private static boolean isAddressChar(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c | 0x20) >= 'a' && (c | 0x20) <= 'f';
    }

    private static boolean isWord(char c) {
        return isDigit(c) || (c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c == '_';
    }
}
