package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.core.spi.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code warden unban ADDRESS} or {@code warden unban --all}: lift bans in the running daemon. */
@Command(name = "unban", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = "Lift the bans of ADDRESS, or with --all every ban in force (in every jail, or only"
                + " --jail). ADDRESS is an address or a network (CIDR): an address inside a banned network"
                + " (an ipv6-prefix ban) lifts that network's ban, and says so. An address stays unbanned until"
                + " new failures earn a new ban.",
        footer = {"", "Examples:", "  warden unban 203.0.113.9", "  warden unban 2001:db8:1:2::5",
                "  warden unban --all --jail sshd"})
final class UnbanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ADDRESS")
    String address;

    @Option(names = "--all", description = "Every ban in force (of --jail, or of every jail).")
    boolean all;

    @Option(names = "--jail", paramLabel = "NAME", description = "Only in this jail.")
    String jail;

    @Override
    public Integer call() {
        if (all == (address != null)) {
            spec.commandLine().getErr().println("warden unban: give an ADDRESS or --all");
            return ExitCodes.CONFIG;
        }
        IpAddress asked = all ? null : IpAddress.parseNetwork(address).orElse(null);
        if (!all && asked == null) {
            spec.commandLine().getErr().println("warden unban: not an IP address or network: '" + address + "'");
            return ExitCodes.CONFIG;
        }
        DaemonOption.Reply reply = daemon.send("unban", all ? DaemonOption.args("all", "true", "jail", jail)
                : DaemonOption.args("address", address, "jail", jail), spec.commandLine().getErr());
        if (reply.ok()) {
            for (JsonNode b : reply.body().path("bans")) {
                String lifted = b.path("address").asText();
                spec.commandLine().getOut().println("unbanned " + lifted + " in " + b.path("jail").asText()
                        + (asked == null || lifted.equals(asked.toString()) ? ""
                        : IpAddress.parseNetwork(lifted).map(n -> n.contains(asked)).orElse(false)
                        ? " (the banned network holding " + asked + ")" : " (inside " + asked + ")"));
            }
        }
        return reply.actionFailureExit("unban", spec.commandLine().getErr());
    }
}
