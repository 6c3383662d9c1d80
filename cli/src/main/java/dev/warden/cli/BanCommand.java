package dev.warden.cli;

import dev.warden.core.config.Durations;
import dev.warden.core.spi.IpAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code warden ban JAIL ADDRESS}: a ban by hand in the running daemon. */
@Command(name = "ban", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Ban ADDRESS in JAIL now, for --for or the jail's ban-time (escalated like any ban).",
                "ADDRESS is an address or a network in CIDR notation (2001:db8:1:2::/64); an address is banned"
                        + " alone, whatever the jail's ipv6-prefix.",
                "A ban in force that ends later is kept: a ban by hand lengthens one, never shortens it."},
        footer = {"", "Examples:",
                "  warden ban sshd 203.0.113.9 --for 1d",
                "  warden ban smtpd-auth 2001:db8::7",
                "  warden ban smtpd-auth 2001:db8:1:2::/64 --for 1w"})
final class BanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Parameters(index = "0", paramLabel = "JAIL")
    String jail;

    @Parameters(index = "1", paramLabel = "ADDRESS")
    String address;

    @Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long (90s, 10m, 1h, 5d, 1w).")
    Duration length;

    @Override
    public Integer call() {
        if (IpAddress.parseNetwork(address).isEmpty()) {
            spec.commandLine().getErr().println("warden ban: not an IP address or network: '" + address + "'");
            return ExitCodes.CONFIG;
        }
        DaemonOption.Reply reply = daemon.send("ban", DaemonOption.args("jail", jail, "address", address, "for",
                length == null ? null : Durations.format(length)), spec.commandLine().getErr());
        if (reply.ok() && reply.body().has("note")) {
            spec.commandLine().getOut().println(reply.body().path("note").asText());
        } else if (reply.ok()) {
            spec.commandLine().getOut().println("banned " + reply.body().path("address").asText() + " in "
                    + reply.body().path("jail").asText() + " until " + reply.body().path("end").asText());
        }
        return reply.actionFailureExit("ban", spec.commandLine().getErr());
    }
}
