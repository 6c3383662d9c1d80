package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code warden bans}: the bans in force in the running daemon. */
@Command(name = "bans", mixinStandardHelpOptions = true,
        description = {"List the running daemon's bans in force, earliest first.",
                "stdout: JAIL<TAB>ADDRESS<TAB>START<TAB>END<TAB>FAILURES<TAB>ORIGIN (times ISO-8601)."})
final class BansCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Option(names = "--jail", paramLabel = "NAME", description = "Only this jail.")
    String jail;

    @Option(names = "--json", description = "Print the daemon's answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        DaemonOption.Reply reply = daemon.send("bans", DaemonOption.args("jail", jail), spec.commandLine().getErr());
        if (!reply.ok()) {
            return reply.exitCode();
        }
        if (json) {
            out.println(reply.body().toString());
        } else {
            for (JsonNode b : reply.body().path("bans")) {
                out.println(b.path("jail").asText() + "\t" + b.path("address").asText() + "\t"
                        + b.path("start").asText() + "\t" + b.path("end").asText() + "\t"
                        + b.path("failures").asInt() + "\t" + b.path("origin").asText());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
