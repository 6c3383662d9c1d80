package dev.warden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code warden bans}: the bans in force in the running daemon. */
@Command(name = "bans", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"List the running daemon's bans in force, earliest first.",
                "stdout: JAIL<TAB>ADDRESS<TAB>START<TAB>END<TAB>FAILURES<TAB>ORIGIN (times ISO-8601)."},
        footer = {"", "Examples:", "  warden bans", "  warden bans --jail sshd --json"})
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
        return daemon.query("bans", DaemonOption.args("jail", jail), json, "bans", spec.commandLine().getOut(),
                spec.commandLine().getErr(), (b, out) -> out.println(b.path("jail").asText() + "\t"
                        + b.path("address").asText() + "\t" + b.path("start").asText() + "\t"
                        + b.path("end").asText() + "\t" + b.path("failures").asInt() + "\t"
                        + b.path("origin").asText()));
    }
}
