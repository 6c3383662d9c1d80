package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

/**
 * The prefix lengths a jail counts failures and places bans under ({@code ipv4-prefix}, {@code ipv6-prefix}):
 * with {@code ipv6: 64}, the failures of every address of {@code 2001:db8:1:2::/64} add up, and the ban
 * is of that network. Full lengths (32, 128) count and ban each address alone. Immutable.
 *
 * @param ipv4 {@value #MIN_IPV4} to 32
 * @param ipv6 {@value #MIN_IPV6} to 128
 */
public record PrefixLengths(int ipv4, int ipv6) {

    /** The shortest IPv4 prefix a jail may count under: a /8 is already a sixteenth of a million addresses. */
    public static final int MIN_IPV4 = 8;
    /** The shortest IPv6 prefix a jail may count under. */
    public static final int MIN_IPV6 = 1;
    /** Each address alone: what a jail does unless told otherwise. */
    public static final PrefixLengths FULL = new PrefixLengths(32, 128);

    public PrefixLengths {
        if (ipv4 < MIN_IPV4 || ipv4 > 32) {
            throw new IllegalArgumentException("ipv4-prefix must be between " + MIN_IPV4 + " and 32: " + ipv4);
        }
        if (ipv6 < MIN_IPV6 || ipv6 > 128) {
            throw new IllegalArgumentException("ipv6-prefix must be between " + MIN_IPV6 + " and 128: " + ipv6);
        }
    }

    /**
     * The network {@code address} is counted and banned under: its first {@link #ipv4} or {@link #ipv6}
     * bits; {@code address} itself when it is no longer than that (a single address under full lengths).
     */
    public IpAddress of(IpAddress address) {
        int length = address.isIpv4() ? ipv4 : ipv6;
        return length < address.prefixLength() ? address.network(length) : address;
    }

    /** Whether every address is counted alone (32 and 128). */
    public boolean isFull() {
        return equals(FULL);
    }
}
