package dev.warden.filters.regex;

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
     * Whether {@code m[s, e)} is not a piece of a longer address-like token. Checks only the sides the
     * pattern left open: before the capture, no letter, digit, {@code _}, {@code .} or {@code :}
     * (except the {@code ::ffff:} of an IPv4-mapped address, which names the same address); after it, no
     * letter, digit or {@code _}, no {@code .} and digit, and for IPv6 no {@code :} and hex digit or colon.
     */
    static boolean whole(String m, int s, int e, boolean looseStart, boolean looseEnd) {
        boolean v6 = m.lastIndexOf(':', e - 1) >= s;
        return (!looseStart || startIsWhole(m, s, v6)) && (!looseEnd || endIsWhole(m, e, v6));
    }

    private static boolean startIsWhole(String m, int s, boolean v6) {
        if (s == 0) {
            return true;
        }
        char p = m.charAt(s - 1);
        if (p == ':') {
            return !v6 && mappedPrefix(m, s);
        }
        return p != '.' && !isWord(p);
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

    /** Whether {@code ::ffff:} (any case), not itself preceded by an address character, ends at {@code s}. */
    private static boolean mappedPrefix(String m, int s) {
        String mapped = "::ffff:";
        int from = s - mapped.length();
        if (from < 0 || !m.regionMatches(true, from, mapped, 0, mapped.length())) {
            return false;
        }
        return from == 0 || !(isHex(m.charAt(from - 1)) || m.charAt(from - 1) == ':' || m.charAt(from - 1) == '.');
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
