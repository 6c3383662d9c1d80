package dev.warden.core.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Where the kernel's host name can be read without a name lookup: Linux's {@code /proc}, and
     * OpenBSD's {@code /etc/myname} (which {@code hostname} is set from at boot).
     */
    static final List<Path> HOST_NAME_FILES = List.of(Path.of("/proc/sys/kernel/hostname"), Path.of("/etc/myname"));

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
        return nodeOf(hostName(HOST_NAME_FILES));
    }

    /** {@code name} up to its first dot when that is a node name, else {@code localhost}. */
    static String nodeOf(String name) {
        int dot = name.indexOf('.');
        String node = dot > 0 ? name.substring(0, dot) : name;
        return NODE.matcher(node).matches() ? node : "localhost";
    }

    /**
     * This host's name: the first line of the first of {@code files} that has one, else the JDK's
     * {@code InetAddress.getLocalHost()}, which also looks the name up (through DNS when the hosts file does
     * not have it: seconds on a host whose resolver is down, at every start), else the empty string.
     */
    static String hostName(List<Path> files) {
        for (Path f : files) {
            try {
                String name = Files.readString(f, StandardCharsets.UTF_8).strip();
                int newline = name.indexOf('\n');
                name = newline < 0 ? name : name.substring(0, newline).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // not this system's file: try the next
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "";
        }
    }
}
