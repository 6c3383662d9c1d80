package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address range: a network address and a prefix length. Immutable, equal by value.
 *
 * <p>The network is always stored with its host bits cleared, so {@code new Cidr(192.0.2.77, 24)}
 * equals {@code 192.0.2.0/24}. An IPv4 range never contains an IPv6 address and vice versa
 * ({@link IpAddress} already turns IPv4-mapped IPv6 addresses into IPv4).
 *
 * @param network the first address of the range; never null
 * @param prefix the number of fixed leading bits: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record Cidr(IpAddress network, int prefix) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        if (prefix < 0 || prefix > network.bitLength()) {
            throw new IllegalArgumentException("prefix /" + prefix + " out of range for " + network);
        }
        network = mask(network, prefix);
    }

    /** The range holding just this address (/32 or /128). */
    public static Cidr of(IpAddress address) {
        return new Cidr(address, address.bitLength());
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code v6/n} or a single address (= /32 or /128), ignoring surrounding
     * whitespace. Host bits are masked off ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}), as fail2ban does.
     * An IPv4-mapped IPv6 range ({@code ::ffff:10.0.0.0/104}) becomes the IPv4 range ({@code 10.0.0.0/8});
     * one wider than the mapped space (prefix below 96) is rejected.
     *
     * @return the range, or empty when {@code text} is not exactly one address or range
     */
    public static Optional<Cidr> parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        Optional<IpAddress> parsed = IpAddress.parse(addressText);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        IpAddress address = parsed.get();
        if (slash < 0) {
            return Optional.of(of(address));
        }
        int prefix = parsePrefix(s.substring(slash + 1));
        if (address.isIpv4() && addressText.indexOf(':') >= 0) {
            prefix = prefix >= 96 ? prefix - 96 : -1; // written as IPv4-mapped IPv6
        }
        if (prefix < 0 || prefix > address.bitLength()) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address, prefix));
    }

    private static int parsePrefix(String s) {
        if (s.isEmpty() || s.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Whether {@code address} lies in this range; always false across address families. */
    public boolean contains(IpAddress address) {
        if (address.isIpv4() != network.isIpv4()) {
            return false;
        }
        return maskHigh(address, prefix) == network.high() && maskLow(address, prefix) == network.low();
    }

    /** Whether this range is a single address. */
    public boolean isSingleAddress() {
        return prefix == network.bitLength();
    }

    /** The canonical text, always with the prefix: {@code 10.0.0.0/8}, {@code 192.0.2.1/32}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return network + "/" + prefix;
    }

    static IpAddress mask(IpAddress address, int prefix) {
        if (address.isIpv4()) {
            return IpAddress.ofIpv4((int) maskLow(address, prefix));
        }
        return IpAddress.ofIpv6(maskHigh(address, prefix), maskLow(address, prefix));
    }

    /** The upper 64 bits of {@code address} with all but the first {@code prefix} bits cleared. */
    static long maskHigh(IpAddress address, int prefix) {
        if (address.isIpv4() || prefix >= 64) {
            return address.high();
        }
        return prefix == 0 ? 0 : address.high() & (-1L << (64 - prefix));
    }

    /** The lower 64 bits of {@code address} (32 for IPv4) with all but the first {@code prefix} bits cleared. */
    static long maskLow(IpAddress address, int prefix) {
        int hostBits = address.bitLength() - prefix;
        if (hostBits >= 64) {
            return 0;
        }
        return hostBits == 0 ? address.low() : address.low() & (-1L << hostBits);
    }
}
