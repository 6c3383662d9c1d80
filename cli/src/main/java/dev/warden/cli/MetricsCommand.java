package dev.warden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code warden metrics}: the running daemon's metrics, in the Prometheus text format. */
@Command(name = "metrics", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Print the running daemon's metrics in the Prometheus text format.",
                "The same text is served on metrics-listen (HTTP /metrics) and written to metrics-file when those"
                        + " are configured (docs/operations.md, Metrics)."},
        footer = {"", "Example:", "  warden metrics | grep '^warden_bans_active'"})
final class MetricsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DaemonOption.Reply reply = daemon.send("metrics", Map.of(), err);
        if (!reply.ok()) {
            return reply.exitCode();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(reply.body().path("text").asText());
        out.flush();
        return ExitCodes.OK;
    }
}
