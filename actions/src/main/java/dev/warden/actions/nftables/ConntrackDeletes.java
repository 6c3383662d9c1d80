package dev.warden.actions.nftables;

import dev.warden.actions.command.Batches;
import dev.warden.actions.command.Command;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of {@code conntrack} that delete the connection tracking entries of banned addresses, for
 * {@code kill-connections}: {@code conntrack -R -} (load from standard input, conntrack-tools 1.4.6 and later:
 * Debian 11, 12) with one {@code -D -s ADDRESS} line per address, batched like nft's scripts. {@code -s} with
 * a network ({@code 2001:db8:1:2::/64}) implies {@code --mask-src} and deletes every entry whose original
 * source lies in it. A line that matches no entry is not an error in this mode (conntrack exits 0), so an
 * address without connections does not fail the run; a line conntrack cannot read does (exit 2). Pure text,
 * no I/O; stateless.
 */
final class ConntrackDeletes {

    private ConntrackDeletes() {
    }

    /** The runs of {@code conntrack} deleting the entries of {@code addresses}, each script at most {@code budget} bytes. */
    static List<Command> commands(String conntrack, List<String> addresses, long budget) {
        List<Command> commands = new ArrayList<>();
        for (List<String> run : Batches.split(addresses, 0, a -> bytes(line(a)), budget)) {
            StringBuilder script = new StringBuilder();
            run.forEach(a -> script.append(line(a)));
            commands.add(new Command(conntrack + " -R - (delete the connections of " + run.size() + " addresses)",
                    List.of(conntrack, "-R", "-"), script.toString(), run));
        }
        return List.copyOf(commands);
    }

    private static String line(String address) {
        return "-D -s " + address + "\n";
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
