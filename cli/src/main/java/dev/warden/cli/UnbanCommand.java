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

/** {@code warden unban ADDRESS}: lift a ban in the running daemon. */
@Command(name = "unban", mixinStandardHelpOptions = true,
        description = "Lift the bans of ADDRESS (in every jail, or only --jail). It stays unbanned until new"
                + " failures earn a new ban.")
final class UnbanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Parameters(index = "0", paramLabel = "ADDRESS")
    String address;

    @Option(names = "--jail", paramLabel = "NAME", description = "Only in this jail.")
    String jail;

    @Override
    public Integer call() {
        if (IpAddress.parse(address).isEmpty()) {
            spec.commandLine().getErr().println("warden unban: not an IP address: '" + address + "'");
            return ExitCodes.CONFIG;
        }
        DaemonOption.Reply reply = daemon.send("unban", DaemonOption.args("address", address, "jail", jail),
                spec.commandLine().getErr());
        if (reply.ok()) {
            for (JsonNode b : reply.body().path("bans")) {
                spec.commandLine().getOut().println("unbanned " + b.path("address").asText() + " in "
                        + b.path("jail").asText());
            }
        }
        return reply.actionFailureExit("unban", spec.commandLine().getErr());
    }
}
