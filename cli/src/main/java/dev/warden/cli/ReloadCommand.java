package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code warden reload}: the running daemon re-reads its configuration (as on SIGHUP). */
@Command(name = "reload", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Make the running daemon re-read its configuration file.",
                "A configuration with errors is refused (exit 2, its issues printed) and the running one stays."},
        footer = {"", "Example:", "  warden reload            (or: rcctl reload warden, kill -HUP PID)"})
final class ReloadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DaemonOption.Reply reply = daemon.send("reload", Map.of(), err);
        if (!reply.ok()) {
            return reply.exitCode();
        }
        if (!reply.body().path("reloaded").asBoolean()) {
            err.println("warden reload: the configuration has errors; the daemon keeps running the previous one:");
            for (JsonNode issue : reply.body().path("issues")) {
                err.println("error: " + issue.asText()); // as warden validate prints it
            }
            return ExitCodes.CONFIG;
        }
        spec.commandLine().getOut().println("reloaded: " + reply.body().path("jails").asInt() + " jail(s)");
        return ExitCodes.OK;
    }
}
