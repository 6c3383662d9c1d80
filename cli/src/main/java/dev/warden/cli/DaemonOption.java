package dev.warden.cli;

import dev.warden.core.api.DaemonClient;
import dev.warden.core.api.DaemonReply;
import dev.warden.core.config.ConfigLoader;
import dev.warden.core.config.ConfigResult;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How the control commands ({@code status}, {@code bans}, {@code ban}, {@code unban}, {@code reload})
 * reach the daemon: the socket named by {@code --socket}, or the {@code socket} of the configuration.
 */
@Command(addMethodSubcommands = false) // picocli would search its methods for subcommands at every start
public final class DaemonOption {

    @Mixin
    ConfigOption config;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "The daemon's control socket (default: the configuration's 'socket').")
    Path socket;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
            description = "How long to wait for the daemon's answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** A reply: the body of a success, or the exit code to return. */
    record Reply(JsonNode body, int exitCode) {
        boolean ok() {
            return body != null;
        }

        /**
         * The exit code of a ban or unban: when the daemon recorded it but an action failed to apply it,
         * prints the daemon's message on {@code err} and returns {@link ExitCodes#ACTION_FAILED}.
         */
        int actionFailureExit(String command, PrintWriter err) {
            if (ok() && body.hasNonNull("actionFailed")) {
                err.println("warden " + command + ": " + body.get("actionFailed").asText());
                return ExitCodes.ACTION_FAILED;
            }
            return exitCode;
        }
    }

    /** Sends one request; prints a one-line reason on {@code err} for every failure. */
    Reply send(String command, Map<String, String> args, PrintWriter err) {
        Path target = socket;
        if (target == null) {
            // only the socket: errors elsewhere in the file must not cut the operator off from the daemon
            ConfigResult<Path> named = ConfigLoader.socket(config.path());
            if (named.value().isEmpty()) {
                Issues.print(named.issues(), err);
                return new Reply(null, ExitCodes.CONFIG);
            }
            target = named.value().get();
        }
        try {
            DaemonReply r = DaemonClient.call(target, command, args, timeout);
            if (!r.ok()) {
                err.println("warden " + command + ": " + r.error());
                return new Reply(null, ExitCodes.RUNTIME);
            }
            return new Reply(r.body(), ExitCodes.OK);
        } catch (IOException e) { // no daemon listening, no answer in time, or not an answer: said by the message
            err.println("warden " + command + ": " + e.getMessage());
            return new Reply(null, ExitCodes.RUNTIME);
        }
    }

    /** Request arguments from key, value pairs; a pair whose value is null is left out. */
    static Map<String, String> args(String... keyValues) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                out.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return out;
    }

    /**
     * Sends one request and prints the answer: the body as JSON with {@code json}, else each element of
     * the body's array {@code listKey} through {@code text}. Returns the exit code.
     */
    int query(String command, Map<String, String> args, boolean json, String listKey, PrintWriter out,
              PrintWriter err, java.util.function.BiConsumer<JsonNode, PrintWriter> text) {
        Reply reply = send(command, args, err);
        if (!reply.ok()) {
            return reply.exitCode();
        }
        if (json) {
            out.println(reply.body().toString());
        } else {
            for (JsonNode item : reply.body().path(listKey)) {
                text.accept(item, out);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
