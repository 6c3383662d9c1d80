package dev.warden.actions.run;

import dev.warden.actions.command.BatchedCommands;
import dev.warden.actions.command.Command;
import dev.warden.actions.command.NotApplied;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the operator's {@code ban} command once per banned address (and {@code unban} once per lifted one,
 * when there is one), each as an argument list with the ban's values filled in, through the injected
 * {@link CommandRunner}: never a shell.
 *
 * <p><b>Failure:</b> a command that cannot start, exits non-zero or times out does not stop those for
 * the other addresses; afterwards one {@link ActionException} names each failure with its exit status (or
 * timeout) and its error output, as the {@code pf} action reports pfctl's, and core retries.
 *
 * <p><b>Once per ban:</b> core hands an action every ban in force again after a failure (to retry) and at
 * start and reload (to restore the firewall). A firewall takes that as a no-op, a mail or an abuse report
 * would go out again, so this action remembers which bans (address and end) its command has succeeded for,
 * and runs it only for the others; a ban extended to a new end runs it again. The memory is this action
 * instance's, as long as the bans in force: a restart or a reload, which builds new actions, runs the command
 * once more for each ban in force. <b>Threading:</b> called from one thread at a time (the memory is
 * confined to it).
 */
final class CommandAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(CommandAction.class);

    private final ArgvTemplate ban;
    /** Null when nothing runs on an unban. */
    private final ArgvTemplate unban;
    private final String node;
    private final BatchedCommands commands;
    /** The end of the ban each address's ban command last succeeded for. */
    private final Map<String, Instant> applied = new HashMap<>();

    CommandAction(ArgvTemplate ban, ArgvTemplate unban, Duration timeout, String jail, String node,
                  CommandRunner runner) {
        this.ban = ban;
        this.unban = unban;
        this.node = node;
        this.commands = new BatchedCommands(jail, runner, timeout, LOG, "commands");
    }

    @Override
    public void ban(List<Ban> bans) throws ActionException {
        Map<String, Ban> todo = byAddress(bans);
        todo.values().removeIf(b -> b.end().equals(applied.get(b.address().toString())));
        try {
            run("ban", ban, todo);
        } finally {
            todo.forEach((address, b) -> applied.put(address, b.end()));
        }
    }

    @Override
    public void unban(List<Ban> bans) throws ActionException {
        Map<String, Ban> todo = byAddress(bans);
        todo.keySet().forEach(applied::remove);
        if (unban != null) {
            run("unban", unban, todo);
        }
    }

    /** Each address once, the first ban given for it, in order. */
    private static Map<String, Ban> byAddress(List<Ban> bans) {
        Map<String, Ban> byAddress = new LinkedHashMap<>();
        for (Ban b : bans) {
            byAddress.putIfAbsent(b.address().toString(), b);
        }
        return byAddress;
    }

    /**
     * Runs {@code template} for each ban of {@code byAddress}; those that fail are taken out of it.
     *
     * @throws ActionException naming every failure
     */
    private void run(String verb, ArgvTemplate template, Map<String, Ban> byAddress) throws ActionException {
        if (byAddress.isEmpty()) {
            return;
        }
        List<Command> list = new ArrayList<>(byAddress.size());
        for (Map.Entry<String, Ban> e : byAddress.entrySet()) {
            List<String> argv = template.fill(e.getValue(), node);
            list.add(new Command(argv.get(0) + " (" + verb + " " + e.getKey() + ")", argv, "", List.of(e.getKey())));
        }
        NotApplied failed = commands.runAll(list);
        failed.addresses().forEach(byAddress::remove);
        if (!failed.isEmpty()) {
            throw new ActionException(failed.message("the " + verb + " command", NotApplied.FinalPeriod.DROP));
        }
    }
}
