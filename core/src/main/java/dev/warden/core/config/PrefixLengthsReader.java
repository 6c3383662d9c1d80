package dev.warden.core.config;

import dev.warden.core.net.PrefixLengths;

/**
 * Reads {@code ipv4-prefix} and {@code ipv6-prefix}, at the top level (the jails' default) or in a jail: each a
 * whole number in its range, or the default. A prefix shorter than a customer's usual allocation (IPv6 /48,
 * IPv4 /24) is legal but warned about, since one ban would then reach many networks.
 */
final class PrefixLengthsReader {

    static final String IPV4 = "ipv4-prefix";
    static final String IPV6 = "ipv6-prefix";

    private final NodeReader reader;

    PrefixLengthsReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The lengths under {@code path} of {@code map} (empty path: the top level), each {@code defaults}' when absent or wrong. */
    PrefixLengths read(YamlNode.Mapping map, String path, PrefixLengths defaults) {
        int v4 = reader.boundedInt(map, path, IPV4, PrefixLengths.MIN_IPV4, 32, defaults.ipv4());
        int v6 = reader.boundedInt(map, path, IPV6, PrefixLengths.MIN_IPV6, 128, defaults.ipv6());
        warnIfWide(map, path, IPV4, v4, 24, "an IPv4 /24");
        warnIfWide(map, path, IPV6, v6, 48, "a site's IPv6 /48");
        return new PrefixLengths(v4, v6);
    }

    private void warnIfWide(YamlNode.Mapping map, String path, String key, int value, int usual, String what) {
        YamlNode node = map.get(key);
        if (node != null && value < usual) {
            reader.issues().warning(node.line(), NodeReader.child(path, key), key + " " + value + " is shorter than "
                    + what + ": one ban would block every network inside it (see warden.yaml(5) for when a"
                    + " prefix fits)");
        }
    }
}
