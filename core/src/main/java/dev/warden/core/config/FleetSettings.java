package dev.warden.core.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code fleet} section: the Redis through which this host shares its bans with the other hosts of a fleet,
 * and applies theirs (docs/fleet.md). Immutable; all components non-null.
 *
 * @param redis where Redis is ({@code redis})
 * @param node this host's name in the fleet ({@code node}, default the host name); a remote ban's origin is
 *     {@code fleet:NODE}
 * @param stream the Redis stream the bans are appended to ({@code stream}, default {@value #DEFAULT_STREAM}); the
 *     bans in force are kept beside it, under the same name followed by {@code :in-force}
 * @param publish the jails whose bans are shared ({@code publish}); empty: every jail
 * @param actions how bans from other nodes are applied here ({@code actions}, as a jail's)
 */
public record FleetSettings(RedisAddress redis, String node, String stream, Optional<Set<String>> publish,
                            List<PluginRef> actions) {

    /** Used when {@code stream} is not set. */
    public static final String DEFAULT_STREAM = "warden:bans";
    /** What a node name may be: it is written in every entry and in {@code fleet:NODE} origins. */
    public static final Pattern NODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public FleetSettings {
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(stream, "stream");
        publish = publish.map(Set::copyOf);
        actions = List.copyOf(actions);
    }

    /**
     * What a reload compares to tell whether the section changed: every key but {@code actions}, whose plugin
     * references carry their lines and options without value equality.
     */
    public List<Object> withoutActions() {
        return List.of(redis, node, stream, publish);
    }

    /** Whether the bans of {@code jail} are shared with the fleet. */
    public boolean publishes(String jail) {
        return publish.map(p -> p.contains(jail)).orElse(true);
    }

    /**
     * This host's name up to its first dot, as a node name ({@code localhost} when it has none usable): the
     * default {@code node}, and the node name plugins see when there is no fleet.
     */
    public static String localNode() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            name = dot > 0 ? name.substring(0, dot) : name;
            return NODE.matcher(name).matches() ? name : "localhost";
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
