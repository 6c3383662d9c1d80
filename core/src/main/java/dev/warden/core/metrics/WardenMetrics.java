package dev.warden.core.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's metrics, in a Prometheus registry of their own (the Prometheus Java client keeps them and
 * writes the exposition format; nothing here formats text). The daemon's loop thread feeds them: after each
 * round {@link #update} with every jail's {@link JailCounts} (absolute counts since the jail started, turned
 * into counter increments here, so the counters go on across reloads), {@link #banApplied} with each
 * automatic ban's latency, {@link #stateWriteFailed}. Scraping ({@link #write}, {@link #registry}) may
 * happen on any thread: the client's metrics are thread-safe. The values are at most one round old.
 * Exemplars (trace ids beside samples) are off: there are no traces, and sampling them starts a thread.
 *
 * <p>Names (all with label {@code jail} unless said): {@code warden_lines_read_total},
 * {@code warden_lines_withheld_total{jail,reason}} (reason: continuation, unreadable-time, overlong,
 * filter-error),
 * {@code warden_failures_total{jail,kind}}, {@code warden_failures_ignored_total},
 * {@code warden_failures_unattributed_total}, {@code warden_bans_total}, {@code warden_unbans_total},
 * {@code warden_bans_active}, {@code warden_addresses_tracked}, {@code warden_action_failures_total{jail,action}},
 * {@code warden_log_read_failures_total}, {@code warden_ban_latency_seconds} (histogram: from the start of
 * the round that read the line completing a ban to its actions having returned), and
 * {@code warden_state_write_failures_total} (no label). With a fleet (no labels, registered at its first
 * {@link #updateFleet}): {@code warden_fleet_connected} (1 or 0), {@code warden_fleet_lag_seconds},
 * {@code warden_fleet_published_total}, {@code warden_fleet_waiting}, {@code warden_fleet_dropped_total},
 * {@code warden_fleet_applied_total}, {@code warden_fleet_remote_bans}, {@code warden_fleet_ignored_total},
 * {@code warden_fleet_over_cap_total} (see {@link FleetCounts}).
 */
public final class WardenMetrics {

    /** Upper bounds of the latency histogram, seconds: a round is milliseconds, pfctl tens of them. */
    static final double[] LATENCY_BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter lines = counter("warden_lines_read", "Log lines read", "jail");
    private final Counter withheld = counter("warden_lines_withheld",
            "Log lines read but not given to the filter", "jail", "reason");
    private final Counter failures = counter("warden_failures", "Failures of addresses not ignore-listed, by the kind the filter named", "jail", "kind");
    private final Counter ignored = counter("warden_failures_ignored", "Failures of ignore-listed addresses", "jail");
    private final Counter unattributed = counter("warden_failures_unattributed", "Failures without an address", "jail");
    private final Counter bans = counter("warden_bans", "Bans decided, automatic and by hand", "jail");
    private final Counter unbans = counter("warden_unbans", "Bans lifted through the actions", "jail");
    private final Counter actionFailures = counter("warden_action_failures", "Failed action calls", "jail", "action");
    private final Counter readFailures = counter("warden_log_read_failures",
            "Rounds in which a jail's logs could not be read", "jail");
    private final Counter stateWriteFailures = counter("warden_state_write_failures",
            "Failed writes to the state directory");
    private final Gauge bansActive = Gauge.builder().name("warden_bans_active").help("Bans in force")
            .labelNames("jail").withoutExemplars().register(registry);
    private final Gauge tracked = Gauge.builder().name("warden_addresses_tracked")
            .help("Addresses whose failures are counting").labelNames("jail").withoutExemplars().register(registry);
    private final Histogram latency = Histogram.builder().name("warden_ban_latency_seconds")
            .help("From the start of the round that read a ban's last failure to its actions having returned")
            .unit(Unit.SECONDS).classicOnly().classicUpperBounds(LATENCY_BOUNDS).labelNames("jail")
            .withoutExemplars().register(registry);
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();

    private Fleet fleet;

    /** The fleet's metrics, registered with the first {@link #updateFleet}. */
    private final class Fleet {
        final Gauge connected = gauge("warden_fleet_connected", "1 when the last reads and sends reached Redis");
        final Gauge lag = gauge("warden_fleet_lag_seconds", "How far behind the fleet's stream the last read was");
        final Counter published = counter("warden_fleet_published", "This node's entries Redis took");
        final Gauge waiting = gauge("warden_fleet_waiting", "This node's entries waiting for Redis");
        final Counter dropped = counter("warden_fleet_dropped", "This node's entries dropped from a full queue");
        final Counter applied = counter("warden_fleet_applied", "Other nodes' entries taken from the stream");
        final Gauge remoteBans = gauge("warden_fleet_remote_bans", "Other nodes' bans held here");
        final Counter ignored = counter("warden_fleet_ignored", "Remote bans of ignore-listed addresses, not applied");
        final Counter overCap = counter("warden_fleet_over_cap", "Remote bans not applied: the cap was reached");
        FleetCounts last = new FleetCounts(false, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).withoutExemplars().register(registry);
    }

    /** Takes in the fleet's counts (on the loop thread, after each round). */
    public void updateFleet(FleetCounts c) {
        if (fleet == null) {
            fleet = new Fleet();
        }
        Fleet f = fleet;
        f.connected.set(c.connected() ? 1 : 0);
        f.lag.set(c.lagSeconds());
        inc(f.published, c.published(), f.last.published());
        f.waiting.set(c.waiting());
        inc(f.dropped, c.dropped(), f.last.dropped());
        inc(f.applied, c.applied(), f.last.applied());
        f.remoteBans.set(c.remoteBans());
        inc(f.ignored, c.ignored(), f.last.ignored());
        inc(f.overCap, c.overCap(), f.last.overCap());
        f.last = c;
    }

    /** The counts last seen per jail, since it started. */
    private final Map<String, JailCounts> last = new HashMap<>();

    private Counter counter(String name, String help, String... labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).withoutExemplars().register(registry);
    }

    /** The registry, for an HTTP exporter. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Takes in every running jail's counts; jails no longer among them lose their gauges (their counters
     * stay, as Prometheus expects of counters).
     */
    public void update(Collection<JailCounts> now) {
        Set<String> running = new HashSet<>();
        for (JailCounts c : now) {
            running.add(c.jail());
            JailCounts before = last.get(c.jail());
            String j = c.jail();
            inc(lines, c.lines(), before == null ? 0 : before.lines(), j);
            inc(withheld, c.continuationLines(), before == null ? 0 : before.continuationLines(), j, "continuation");
            inc(withheld, c.unreadableTimeLines(), before == null ? 0 : before.unreadableTimeLines(), j,
                    "unreadable-time");
            inc(withheld, c.overlongLines(), before == null ? 0 : before.overlongLines(), j, "overlong");
            inc(withheld, c.filterErrors(), before == null ? 0 : before.filterErrors(), j, "filter-error");
            c.failures().forEach((kind, n) -> inc(failures, n,
                    before == null ? 0 : before.failures().getOrDefault(kind, 0L), j, kind));
            inc(ignored, c.ignoredFailures(), before == null ? 0 : before.ignoredFailures(), j);
            inc(unattributed, c.unattributed(), before == null ? 0 : before.unattributed(), j);
            inc(bans, c.bans(), before == null ? 0 : before.bans(), j);
            inc(unbans, c.unbans(), before == null ? 0 : before.unbans(), j);
            c.actionFailures().forEach((action, n) -> inc(actionFailures, n,
                    before == null ? 0 : before.actionFailures().getOrDefault(action, 0L), j, action));
            inc(readFailures, c.readFailures(), before == null ? 0 : before.readFailures(), j);
            bansActive.labelValues(j).set(c.bansActive());
            tracked.labelValues(j).set(c.addressesTracked());
            last.put(j, c);
        }
        for (String gone : new HashSet<>(last.keySet())) {
            if (!running.contains(gone)) {
                last.remove(gone);
                bansActive.remove(gone);
                tracked.remove(gone);
            }
        }
    }

    /** The jails were started afresh (a reload): their counts begin at zero again. */
    public void restarted() {
        last.clear();
    }

    /** An automatic ban of {@code jail} was applied {@code latency} after the round that decided it began. */
    public void banApplied(String jail, Duration latency) {
        this.latency.labelValues(jail).observe(Math.max(0, latency.toNanos()) / 1e9);
    }

    /** A write to the state directory failed. */
    public void stateWriteFailed() {
        stateWriteFailures.inc();
    }

    /** Writes every metric in the Prometheus text format (version 0.0.4) to {@code out}. */
    public void write(OutputStream out) throws IOException {
        text.write(out, registry.scrape());
    }

    /** Every metric in the Prometheus text format. */
    public String text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Adds what {@code now} has over {@code before}; the series exists (at 0) from the jail's first update. */
    private static void inc(Counter counter, long now, long before, String... labels) {
        CounterDataPoint series = counter.labelValues(labels);
        if (now > before) {
            series.inc(now - before);
        }
    }
}
