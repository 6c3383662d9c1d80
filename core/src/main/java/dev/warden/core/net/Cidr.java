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

    /** The range of this network, or holding just this address (/32 or /128). */
    public static Cidr of(IpAddress address) {
        return new Cidr(address, address.prefixLength());
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
        return IpAddress.parseNetwork(text.strip()).map(n -> new Cidr(n, n.prefixLength()));
    }

    /**
     * Whether {@code address} lies in this range (a network: wholly); always false across address families.
     */
    public boolean contains(IpAddress address) {
        if (address.isIpv4() != network.isIpv4() || address.prefixLength() < prefix) {
            return false;
        }
        return maskHigh(address, prefix) == network.high() && maskLow(address, prefix) == network.low();
    }

    /** Whether this range is a single address. */
    public boolean isSingleAddress() {
        return prefix == network.bitLength();
    }

    /**
     * Equal when network and prefix are. Written out rather than left to the record: the generated methods
     * link through {@code ObjectMethods} and spin method-handle classes with ASM at first use, which every
     * start pays (the ignore list hashes its ranges) and which, with the other start-up users, made C2
     * compile ASM's frame analysis during a scan (docs/performance.md, issue 17).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && c.network.equals(network);
    }

    @Override
    public int hashCode() {
        return network.hashCode() * 31 + prefix;
    }

    /** The canonical text, always with the prefix: {@code 10.0.0.0/8}, {@code 192.0.2.1/32}, {@code 2001:db8::/32}. */
    @Override
    public String toString() {
        return network + "/" + prefix;
    }

    /** The first address of {@code address}'s network of {@code prefix} bits, as a single address. */
    static IpAddress mask(IpAddress address, int prefix) {
        if (address.isIpv4()) {
            return IpAddress.ofIpv4((int) maskLow(address, prefix));
        }
        return IpAddress.ofIpv6(maskHigh(address, prefix), maskLow(address, prefix));
    }

    /** The upper 64 bits of {@code address} with all but the first {@code prefix} bits cleared. */
    static long maskHigh(IpAddress address, int prefix) {
        return maskHigh(address.high(), address.isIpv4(), prefix);
    }

    /** The lower 64 bits of {@code address} (32 for IPv4) with all but the first {@code prefix} bits cleared. */
    static long maskLow(IpAddress address, int prefix) {
        return maskLow(address.low(), address.isIpv4(), prefix);
    }

    /** {@code high}, the upper bits of an address of that family, with all but the first {@code prefix} bits cleared. */
    static long maskHigh(long high, boolean ipv4, int prefix) {
        if (ipv4 || prefix >= 64) {
            return high;
        }
        return prefix == 0 ? 0 : high & (-1L << (64 - prefix));
    }

    /** {@code low}, the lower bits of an address of that family, with all but the first {@code prefix} bits cleared. */
    static long maskLow(long low, boolean ipv4, int prefix) {
        int hostBits = (ipv4 ? 32 : 128) - prefix;
        if (hostBits >= 64) {
            return 0;
        }
        return hostBits == 0 ? low : low & (-1L << hostBits);
    }
}
