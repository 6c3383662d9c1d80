package dev.warden.core.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.core.config.Durations;
import dev.warden.core.control.ControlHandler;
import dev.warden.core.control.ControlRequest;
import dev.warden.core.control.ControlResponse;
import dev.warden.core.spi.Ban;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Answers the control socket: each request becomes a task on the daemon's thread, and its result a JSON
 * body. Commands: {@code status {jail?}}, {@code bans {jail?}}, {@code ban {jail, address, for?}},
 * {@code unban {address, jail?}}, {@code reload {}}, {@code metrics {}} (body: {@code text}, the Prometheus
 * text format). A ban or unban that was recorded but that an action
 * failed to apply answers ok with an {@code actionFailed} message in its body. Called on the control
 * server's threads.
 */
public final class DaemonControl implements ControlHandler {

    private static final long ANSWER_SECONDS = 25;

    private final Daemon daemon;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    public DaemonControl(Daemon daemon) {
        this.daemon = daemon;
    }

    @Override
    public ControlResponse handle(ControlRequest request) {
        ControlOperations ops = daemon.operations();
        String jail = request.args().get("jail");
        String address = request.args().get("address");
        return switch (request.command()) {
            case "status" -> call(() -> status(ops.status(jail), jail == null ? daemon.fleetStatus()
                    : java.util.Optional.empty()));
            case "bans" -> call(() -> bans(ops.bans(jail), jail == null ? daemon.fleetBans() : List.of()));
            case "ban" -> {
                Duration length = null;
                String text = request.args().get("for");
                if (text != null) {
                    length = Durations.parse(text).orElse(null);
                    if (length == null) {
                        yield ControlResponse.error("not a duration: '" + text + "'");
                    }
                }
                if (jail == null || address == null) {
                    yield ControlResponse.error("ban needs a jail and an address");
                }
                Duration d = length;
                yield call(() -> done(ops.ban(jail, address, d), this::ban));
            }
            case "unban" -> "true".equals(request.args().get("all"))
                    ? address != null ? ControlResponse.error("unban takes an address or all, not both")
                    : call(() -> done(ops.unbanAll(jail), this::bans))
                    : address == null ? ControlResponse.error("unban needs an address (or all)")
                    : call(() -> done(ops.unban(address, jail), this::bans));
            case "reload" -> call(this::reload);
            // The registry is thread-safe: no need to wait for the loop (a busy loop still answers).
            case "metrics" -> ControlResponse.ok(json.objectNode().put("text", daemon.metrics().text()));
            default -> ControlResponse.error("unknown command '" + request.command()
                    + "'; commands: status, bans, ban, unban, reload, metrics");
        };
    }

    private ControlResponse call(Callable<JsonNode> task) {
        try {
            return ControlResponse.ok(daemon.submit(task).get(ANSWER_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
            return ControlResponse.error(e.getCause().getMessage());
        } catch (TimeoutException e) {
            return ControlResponse.error("the daemon is busy: no answer within " + ANSWER_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ControlResponse.error("interrupted");
        }
    }

    private JsonNode reload() {
        ObjectNode o = json.objectNode();
        try {
            o.put("reloaded", true).put("jails", daemon.reload());
        } catch (ConfigRefused e) {
            ArrayNode issues = o.put("reloaded", false).putArray("issues");
            e.issues().forEach(issues::add);
        }
        return o;
    }

    /** The body of {@code done}'s value, with {@code actionFailed} (the message) when an action failed. */
    private <T> JsonNode done(ControlOperations.Done<T> done, Function<T, ObjectNode> body) {
        ObjectNode o = body.apply(done.value());
        if (done.actionFailure() != null) {
            o.put("actionFailed", done.actionFailure());
        }
        if (done.note() != null) {
            o.put("note", done.note());
        }
        return o;
    }

    private JsonNode status(List<JailStatus> jails, java.util.Optional<DaemonFleet.Status> fleet) {
        ObjectNode o = json.objectNode();
        fleet.ifPresent(f -> fleet(o.putObject("fleet"), f));
        ArrayNode a = o.putArray("jails");
        for (JailStatus s : jails) {
            ObjectNode j = a.addObject();
            j.put("name", s.name());
            ArrayNode files = j.putArray("files");
            s.files().forEach(files::add);
            j.put("lines", s.lines()).put("continuationLines", s.continuationLines())
                    .put("unreadableTimeLines", s.unreadableTimeLines())
                    .put("overlongLines", s.overlongLines())
                    .put("skippedLines", s.skippedLines()).put("failuresCounted", s.failuresCounted())
                    .put("addressesTracked", s.addressesTracked()).put("failuresTotal", s.failuresTotal())
                    .put("ignoredFailures", s.ignoredFailures()).put("unattributed", s.unattributed())
                    .put("bansActive", s.bansActive()).put("bansTotal", s.bansTotal());
        }
        return o;
    }

    /** The fleet's part of {@code status} (docs/fleet.md, Status). */
    private static void fleet(ObjectNode o, DaemonFleet.Status f) {
        o.put("node", f.node()).put("stream", f.stream()).put("redis", f.redis()).put("connected", f.connected());
        if (f.error() != null) {
            o.put("error", f.error());
        }
        if (f.position() == null) {
            o.putNull("lastApplied");
        } else {
            o.put("lastApplied", f.position());
        }
        o.put("lagSeconds", f.lagMillis() / 1000.0).put("published", f.published()).put("waiting", f.waiting())
                .put("dropped", f.dropped()).put("applied", f.applied()).put("remoteBans", f.held())
                .put("ignored", f.ignored()).put("overCap", f.overCap());
    }

    private ObjectNode bans(List<Ban> bans) {
        return bans(bans, List.of());
    }

    /** This node's bans, then the other nodes' ({@code origin} {@code fleet:NODE}, {@code jail} theirs). */
    private ObjectNode bans(List<Ban> bans, List<dev.warden.core.fleet.FleetEntry> remote) {
        ObjectNode o = json.objectNode();
        ArrayNode a = o.putArray("bans");
        bans.forEach(b -> a.add(ban(b)));
        remote.forEach(e -> a.add(json.objectNode().put("jail", e.jail()).put("address", e.address().toString())
                .put("start", e.start().toString()).put("end", e.end().toString()).put("failures", e.failures())
                .put("origin", "fleet:" + e.node())));
        return o;
    }

    private ObjectNode ban(Ban b) {
        return json.objectNode().put("jail", b.jail()).put("address", b.address().toString())
                .put("start", b.start().toString()).put("end", b.end().toString()).put("failures", b.failures())
                .put("origin", b.origin().name().toLowerCase(Locale.ROOT));
    }
}
