package dev.warden.core.spi;

import java.util.Optional;

/**
 * An IPv4 or IPv6 address, parsed strictly from a literal and normalized: IPv4-mapped IPv6
 * ({@code ::ffff:192.0.2.1}) becomes IPv4, a zone id ({@code %eth0}) is dropped, and
 * {@link #toString()} is the canonical text (dotted quad; RFC 5952 for IPv6). Never resolves names.
 *
 * <p>Or a network of such addresses: the first {@link #prefixLength()} bits of an address, the others
 * zero ({@code 2001:db8:1:2::/64}), which is what a jail with {@code ipv6-prefix: 64} counts and bans.
 * Filters only ever see single addresses ({@link #parse} reads no prefix); networks come from
 * {@link #network(int)} and {@link #parseNetwork}. A single address is its own network of full length:
 * {@code 192.0.2.1} and {@code 192.0.2.1/32} are one value.
 *
 * <p>Immutable; equality is by value (family, bits and prefix length, so a /64 is one key whichever of its
 * addresses it was made from). IPv4 addresses keep their 32 bits in the low bits of {@link #low()} with
 * {@link #high()} zero.
 */
public final class IpAddress implements Comparable<IpAddress> {

    /** The low 64 bits of {@code ::ffff:0.0.0.0}: where {@link #parseBits} puts an IPv4 address. */
    private static final long IPV4_MAPPED = 0xFFFF_0000_0000L;

    /** The value of each byte as a hex digit, or -1: one load instead of three range tests per digit. */
    private static final byte[] HEX = new byte[256];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
            HEX[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
        }
    }

    private final long high;
    private final long low;
    private final boolean ipv4;
    private final int prefix;
    private String text;

    private IpAddress(long high, long low, boolean ipv4, int prefix) {
        this.high = high;
        this.low = low;
        this.ipv4 = ipv4;
        this.prefix = prefix;
    }

    /** The IPv4 address with these 32 bits. */
    public static IpAddress ofIpv4(int bits) {
        return new IpAddress(0, bits & 0xFFFFFFFFL, true, 32);
    }

    /** The IPv6 address with these 128 bits, normalized (an IPv4-mapped one becomes IPv4). */
    public static IpAddress ofIpv6(long high, long low) {
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return ofIpv4((int) low);
        }
        return new IpAddress(high, low, false, 128);
    }

    /**
     * Parses an address ({@code 192.0.2.1}) or a network ({@code 2001:db8:1:2::/64}, {@code 10.0.0.0/8}):
     * what a ban is written as. Bits past the prefix are cleared ({@code 2001:db8:1:2::5/64} is
     * {@code 2001:db8:1:2::/64}), a full-length prefix gives the address itself, and an IPv4-mapped IPv6
     * network ({@code ::ffff:10.0.0.0/104}) becomes the IPv4 one ({@code 10.0.0.0/8}); one wider than
     * the mapped space (a prefix below 96) is rejected. No whitespace is skipped.
     *
     * @return empty when {@code text} is not exactly one address or network
     */
    public static Optional<IpAddress> parseNetwork(CharSequence text) {
        String s = text.toString();
        int slash = s.indexOf('/');
        if (slash < 0) {
            return parse(s);
        }
        String addressText = s.substring(0, slash);
        Optional<IpAddress> parsed = parse(addressText);
        int length = parseLength(s, slash + 1);
        if (parsed.isEmpty() || length < 0) {
            return Optional.empty();
        }
        IpAddress address = parsed.get();
        if (address.ipv4 && addressText.indexOf(':') >= 0) {
            length = length >= 96 ? length - 96 : -1; // written as IPv4-mapped IPv6
        }
        if (length < 0 || length > address.bitLength()) {
            return Optional.empty();
        }
        return Optional.of(address.network(length));
    }

    /** The decimal number of one to three digits from {@code from} to the end of {@code s}, or -1. */
    private static int parseLength(String s, int from) {
        int n = s.length() - from;
        if (n < 1 || n > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Parses a literal; empty when {@code text} is not exactly one address. */
    public static Optional<IpAddress> parse(CharSequence text) {
        int n = text.length();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0x7F) {
                return Optional.empty();
            }
            b[i] = (byte) c;
        }
        return Optional.ofNullable(parse(b, 0, n));
    }

    /**
     * Parses the literal in {@code b[from, to)}; returns null when that range is not exactly one address.
     * Allocation-free on failure; allocates only the result.
     */
    public static IpAddress parse(byte[] b, int from, int to) {
        if (from >= to) {
            return null;
        }
        long v4 = parseIpv4(b, from, to); // first: a dotted quad has no ':', and most addresses are one
        if (v4 >= 0) {
            return ofIpv4((int) v4);
        }
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                return parseIpv6(b, from, to);
            }
        }
        return null;
    }

    /**
     * Parses the literal in {@code b[from, to)} as {@link #parse(byte[], int, int)} does, without
     * allocating: on success writes its 128 bits to {@code out[0]} (high) and {@code out[1]} (low) and
     * returns true; an IPv4 address is written as its IPv4-mapped IPv6 form ({@code ::ffff:a.b.c.d}), so
     * that {@link #ofIpv6}{@code (out[0], out[1])} is exactly the address {@code parse} returns. On
     * failure returns false and {@code out} may have been written. For callers that keep many addresses
     * but need an {@code IpAddress} for few of them.
     */
    public static boolean parseBits(byte[] b, int from, int to, long[] out) {
        if (from >= to) {
            return false;
        }
        long v4 = parseIpv4(b, from, to); // first: a dotted quad has no ':', and most addresses are one
        if (v4 >= 0) {
            out[0] = 0;
            out[1] = IPV4_MAPPED | v4;
            return true;
        }
        for (int i = from; i < to; i++) {
            if (b[i] == ':') {
                return parseIpv6(b, from, to, out);
            }
        }
        return false;
    }

    /** The 32 bits of a dotted quad in {@code b[from, to)}, or -1. Rejects leading zeros like inet_pton. */
    static long parseIpv4(byte[] b, int from, int to) {
        long result = 0;
        int octets = 0;
        int i = from;
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                value = value * 10 + (b[i] - '0');
                i++;
                if (i - start > 3) {
                    return -1;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && b[start] == '0')) {
                return -1;
            }
            result = (result << 8) | value;
            octets++;
            if (i < to) {
                if (b[i] != '.' || octets == 4) {
                    return -1;
                }
                i++;
                if (i == to) {
                    return -1;
                }
            }
        }
        return octets == 4 ? result : -1;
    }

    private static IpAddress parseIpv6(byte[] b, int from, int to) {
        long[] bits = new long[2];
        return parseIpv6(b, from, to, bits) ? ofIpv6(bits[0], bits[1]) : null;
    }

    /** The 128 bits of the IPv6 literal in {@code b[from, to)} into {@code out}; false when it is none. */
    private static boolean parseIpv6(byte[] b, int from, int to, long[] out) {
        for (int i = from; i < to; i++) {
            if (b[i] == '%') {
                if (i + 1 == to) {
                    return false;
                }
                to = i;
                break;
            }
        }
        // Groups before "::" accumulate in (headHi, headLo), groups after it in (tailHi, tailLo); no arrays.
        long headHi = 0;
        long headLo = 0;
        long tailHi = 0;
        long tailLo = 0;
        int head = 0;
        int tail = 0;
        boolean gap = false;
        int i = from;
        if (i + 1 < to && b[i] == ':' && b[i + 1] == ':') {
            gap = true;
            i += 2;
            if (i == to) {
                out[0] = 0;
                out[1] = 0;
                return true;
            }
        } else if (b[i] == ':') {
            return false;
        }
        while (i < to) {
            if (head + tail == 8) {
                return false;
            }
            int start = i;
            int value = 0;
            int h;
            while (i < to && i - start < 5 && (h = HEX[b[i] & 0xFF]) >= 0) {
                value = (value << 4) | h;
                i++;
            }
            int digits = i - start;
            int groups = 1;
            long v;
            if (i < to && b[i] == '.') {
                long v4 = parseIpv4(b, start, to);
                if (v4 < 0 || head + tail > 6) {
                    return false;
                }
                v = v4;
                groups = 2;
                i = to;
            } else {
                if (digits == 0 || digits > 4) {
                    return false;
                }
                v = value;
            }
            int bits = 16 * groups;
            if (gap) {
                tailHi = (tailHi << bits) | (tailLo >>> (64 - bits));
                tailLo = (tailLo << bits) | v;
                tail += groups;
            } else {
                headHi = (headHi << bits) | (headLo >>> (64 - bits));
                headLo = (headLo << bits) | v;
                head += groups;
            }
            if (i == to) {
                break;
            }
            if (b[i] != ':') {
                return false;
            }
            i++;
            if (i < to && b[i] == ':') {
                if (gap) {
                    return false;
                }
                gap = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        if (!gap && head != 8 || gap && head + tail > 7) {
            return false;
        }
        // Place the head groups at the top: shift the 128-bit head left by 16 * (8 - head).
        int shift = 16 * (8 - head);
        long hi;
        long lo;
        if (shift == 0) {
            hi = headHi;
            lo = headLo;
        } else if (shift >= 64) {
            hi = shift == 128 ? 0 : headLo << (shift - 64);
            lo = 0;
        } else {
            hi = (headHi << shift) | (headLo >>> (64 - shift));
            lo = headLo << shift;
        }
        out[0] = hi | tailHi;
        out[1] = lo | tailLo;
        return true;
    }

    /** Whether this is an IPv4 address. */
    public boolean isIpv4() {
        return ipv4;
    }

    /** The upper 64 bits of an IPv6 address (of a network: of its first address); 0 for IPv4. */
    public long high() {
        return high;
    }

    /** The lower 64 bits of an IPv6 address, or the 32 bits of an IPv4 address (of a network: of its first address). */
    public long low() {
        return low;
    }

    /** Number of bits of the family: 32 or 128. */
    public int bitLength() {
        return ipv4 ? 32 : 128;
    }

    /** How many leading bits are fixed: {@link #bitLength()} for a single address, fewer for a network. */
    public int prefixLength() {
        return prefix;
    }

    /** Whether this is a network of more than one address (a prefix shorter than {@link #bitLength()}). */
    public boolean isNetwork() {
        return prefix < bitLength();
    }

    /**
     * The network of this address's (or network's) first {@code length} bits, the others cleared:
     * {@code 2001:db8:1:2::5} gives {@code 2001:db8:1:2::/64} for 64; {@code this} for its own length.
     *
     * @throws IllegalArgumentException if {@code length} is negative or longer than {@link #prefixLength()}
     */
    public IpAddress network(int length) {
        if (length == prefix) {
            return this;
        }
        if (length < 0 || length > prefix) {
            throw new IllegalArgumentException("/" + length + " is not a network of " + this);
        }
        long h = ipv4 || length >= 64 ? high : length == 0 ? 0 : high & (-1L << (64 - length));
        int hostBits = bitLength() - length;
        long l = hostBits >= 64 ? 0 : low & (-1L << hostBits);
        return new IpAddress(h, l, ipv4, length);
    }

    /** Whether {@code other} (an address or a network) lies wholly in this one; always false across families. */
    public boolean contains(IpAddress other) {
        return other.ipv4 == ipv4 && other.prefix >= prefix && other.network(prefix).equals(this);
    }

    /** Whether this and {@code other} share an address: one contains the other. */
    public boolean overlaps(IpAddress other) {
        return contains(other) || other.contains(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress a && a.high == high && a.low == low && a.ipv4 == ipv4 && a.prefix == prefix;
    }

    @Override
    public int hashCode() {
        long h = high * 0x9E3779B97F4A7C15L + low;
        h ^= h >>> 32;
        return (int) h ^ (ipv4 ? 0x5bd1e995 : 0) ^ (prefix << 24);
    }

    /** Family (IPv4 first), then bits, then prefix length (a network before the longer ones it holds). */
    @Override
    public int compareTo(IpAddress o) {
        if (ipv4 != o.ipv4) {
            return ipv4 ? -1 : 1;
        }
        int c = Long.compareUnsigned(high, o.high);
        if (c == 0) {
            c = Long.compareUnsigned(low, o.low);
        }
        return c != 0 ? c : Integer.compare(prefix, o.prefix);
    }

    /**
     * The canonical text: dotted quad, or RFC 5952 IPv6 (lower case, longest zero run compressed); for a
     * network, its first address, a slash and the prefix length ({@code 2001:db8:1:2::/64}).
     */
    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            t = ipv4 ? formatIpv4() : formatIpv6();
            if (isNetwork()) {
                t = t + "/" + prefix;
            }
            text = t;
        }
        return t;
    }

    private String formatIpv4() {
        return ((low >>> 24) & 0xFF) + "." + ((low >>> 16) & 0xFF) + "." + ((low >>> 8) & 0xFF) + "." + (low & 0xFF);
    }

    private String formatIpv6() {
        int[] g = new int[8];
        for (int k = 0; k < 4; k++) {
            g[k] = (int) ((high >>> (48 - 16 * k)) & 0xFFFF);
            g[k + 4] = (int) ((low >>> (48 - 16 * k)) & 0xFFFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; ) {
            if (g[k] != 0) {
                k++;
                continue;
            }
            int s = k;
            while (k < 8 && g[k] == 0) {
                k++;
            }
            if (k - s > bestLen) {
                bestStart = s;
                bestLen = k - s;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                sb.append("::");
                k += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[k]));
        }
        return sb.toString();
    }
}
