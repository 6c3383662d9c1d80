package dev.warden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/** {@code warden status [JAIL]}: what the running daemon's jails have read, counted and banned. */
@Command(name = "status", mixinStandardHelpOptions = true, addMethodSubcommands = false,
        description = {"Show each jail of the running daemon: files followed, lines read, failures, bans.",
                "With JAIL, also list that jail's bans in force.",
                "With a fleet, then the fleet: connected or not, last entry applied, lag, counts."},
        footer = {"", "Examples:", "  warden status", "  warden status smtpd-auth"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonOption daemon;

    @Parameters(paramLabel = "JAIL", arity = "0..1", description = "Only this jail.")
    String jail;

    @Option(names = "--json", description = "Print the daemon's answer as JSON.")
    boolean json;

    @Override
    public Integer call() {
        DaemonOption.Reply status = daemon.send("status", DaemonOption.args("jail", jail), spec.commandLine().getErr());
        if (!status.ok()) {
            return status.exitCode();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(status.body().toString());
            out.flush();
            return ExitCodes.OK;
        }
        status.body().path("jails").forEach(j -> print(j, out));
        if (status.body().has("fleet")) {
            printFleet(status.body().path("fleet"), out);
        }
        out.flush();
        if (jail == null) {
            return ExitCodes.OK;
        }
        // One jail: its bans in force too, as fail2ban-client status JAIL lists its banned addresses.
        DaemonOption.Reply bans = daemon.send("bans", DaemonOption.args("jail", jail), spec.commandLine().getErr());
        if (!bans.ok()) {
            return bans.exitCode();
        }
        if (!bans.body().path("bans").isEmpty()) {
            out.println("  banned now:");
        }
        for (JsonNode b : bans.body().path("bans")) {
            out.println("    " + b.path("address").asText() + " until " + b.path("end").asText() + " ("
                    + b.path("failures").asInt() + " failures, " + b.path("origin").asText() + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * What became of lines the filter did not take, when any: {@code " (2 continuation withheld, 4 with an unreadable time withheld, 1 overlong
     * dropped, 3 skipped)"}; empty when none.
     */
    private static String lineNotes(JsonNode j) {
        StringJoiner notes = new StringJoiner(", ", " (", ")").setEmptyValue("");
        note(notes, j.path("continuationLines").asLong(), " continuation withheld");
        note(notes, j.path("unreadableTimeLines").asLong(), " with an unreadable time withheld");
        note(notes, j.path("overlongLines").asLong(), " overlong dropped");
        note(notes, j.path("skippedLines").asLong(), " skipped");
        return notes.toString();
    }

    private static void note(StringJoiner notes, long n, String what) {
        if (n > 0) {
            notes.add(n + what);
        }
    }

    /** The fleet's part (docs/fleet.md): connection, position and lag, what was published and applied. */
    private static void printFleet(JsonNode f, PrintWriter out) {
        out.println("fleet (node " + f.path("node").asText() + ", stream " + f.path("stream").asText() + " at "
                + f.path("redis").asText() + "):");
        out.println("  connected:        " + (f.path("connected").asBoolean() ? "yes" : "no")
                + (f.has("error") ? " (" + f.path("error").asText() + ")" : ""));
        out.println("  last applied:     " + (f.path("lastApplied").isNull() ? "none yet"
                : f.path("lastApplied").asText()) + String.format(java.util.Locale.ROOT, " (lag %.1f s)",
                f.path("lagSeconds").asDouble()));
        out.println("  published:        " + f.path("published").asLong() + " (" + f.path("waiting").asLong()
                + " waiting, " + f.path("dropped").asLong() + " dropped)");
        out.println("  applied:          " + f.path("applied").asLong() + " entries from other nodes");
        out.println("  remote bans held: " + f.path("remoteBans").asLong() + " (" + f.path("ignored").asLong()
                + " ignored, " + f.path("overCap").asLong() + " over the cap)");
    }

    private static void print(JsonNode j, PrintWriter out) {
        out.println(j.path("name").asText() + ":");
        out.println("  files followed:   " + j.path("files").size());
        for (JsonNode f : j.path("files")) {
            out.println("    " + f.asText());
        }
        out.println("  lines read:       " + j.path("lines").asLong() + lineNotes(j));
        out.println("  failures counted: " + j.path("failuresCounted").asLong() + " (from "
                + j.path("addressesTracked").asLong() + " addresses)");
        out.println("  failures total:   " + j.path("failuresTotal").asLong() + " (+" + j.path("ignoredFailures").asLong()
                + " ignored, " + j.path("unattributed").asLong() + " without address)");
        out.println("  bans in force:    " + j.path("bansActive").asLong());
        out.println("  bans total:       " + j.path("bansTotal").asLong());
    }
}
