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
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show each jail of the running daemon: files followed, lines read, failures, bans.",
                "With JAIL, also list that jail's bans in force."},
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
        int code = daemon.query("status", DaemonOption.args("jail", jail), json, "jails", spec.commandLine().getOut(),
                spec.commandLine().getErr(), StatusCommand::print);
        if (code != ExitCodes.OK || jail == null || json) {
            return code;
        }
        // One jail: its bans in force too, as fail2ban-client status JAIL lists its banned addresses.
        DaemonOption.Reply bans = daemon.send("bans", DaemonOption.args("jail", jail), spec.commandLine().getErr());
        if (!bans.ok()) {
            return bans.exitCode();
        }
        PrintWriter out = spec.commandLine().getOut();
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
