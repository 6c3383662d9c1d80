package dev.warden.core.config;

import dev.warden.core.net.IgnoreList;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole validated configuration file. Immutable; all components non-null.
 *
 * @param source the file it was loaded from, absolute
 * @param ignore the global ignore list ({@code ignore} and {@code ignore-files}); already part of every
 *     jail's own {@link JailDefinition#ignore()}
 * @param jails the jails by name, in file order
 * @param stateDir where state is kept ({@code state-dir}, default {@value #DEFAULT_STATE_DIR})
 * @param socket the control socket ({@code socket}, default {@value #DEFAULT_SOCKET})
 * @param pluginDir where plugin jars are found ({@code plugin-dir}, default {@value #DEFAULT_PLUGIN_DIR})
 * @param pollInterval how often the daemon looks at its logs ({@code poll-interval}, default 250ms)
 * @param saveInterval how often the daemon rewrites its whole state while lines are read or bans change
 *     ({@code save-interval}, default 5s); bans are journaled at once regardless
 * @param retryInterval how long after a failed action the daemon tries it again ({@code retry-interval},
 *     default 30s)
 * @param unbanOnStop whether the daemon lifts its bans when it stops ({@code unban-on-stop}, default false)
 * @param metrics where the daemon offers its metrics besides {@code warden metrics} ({@code metrics-listen},
 *     {@code metrics-file}; default neither)
 * @param fleet the fleet this host shares its bans with ({@code fleet}); empty: none
 */
public record WardenConfig(Path source, IgnoreList ignore, Map<String, JailDefinition> jails, Path stateDir,
                           Path socket, Path pluginDir, Duration pollInterval, Duration saveInterval,
                           Duration retryInterval, boolean unbanOnStop, MetricsSettings metrics,
                           Optional<FleetSettings> fleet) {

    /** Used when {@code poll-interval} is not set. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    /** Used when {@code save-interval} is not set. */
    public static final Duration DEFAULT_SAVE_INTERVAL = Duration.ofSeconds(5);
    /** Used when {@code retry-interval} is not set. */
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(30);

    public static final String DEFAULT_STATE_DIR = "/var/db/warden";
    public static final String DEFAULT_SOCKET = "/var/run/warden.sock";
    public static final String DEFAULT_PLUGIN_DIR = "/usr/local/lib/warden/plugins";
    /**
     * Where the operator's named filter definitions are ({@code filter-dir}). Read before the file is
     * validated, with the plugins ({@link ConfigLoader#pluginFolders}), so it is not a component of this record.
     */
    public static final String DEFAULT_FILTER_DIR = "/etc/warden/filters.d";

    public WardenConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ignore, "ignore");
        jails = Collections.unmodifiableMap(new LinkedHashMap<>(jails));
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(pluginDir, "pluginDir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(saveInterval, "saveInterval");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(fleet, "fleet");
    }

    /** The jail with this name. */
    public Optional<JailDefinition> jail(String name) {
        return Optional.ofNullable(jails.get(name));
    }
}
