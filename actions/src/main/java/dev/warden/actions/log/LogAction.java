package dev.warden.actions.log;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.Ban;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one line per ban ({@code [ssh] would ban 192.0.2.1 until 2025-01-01T00:00:00Z (5 failures)})
 * and per unban ({@code [ssh] would unban 192.0.2.1}) and executes nothing. Never fails.
 * <b>Threading:</b> called from one thread at a time; stateless apart from where lines go.
 */
final class LogAction implements Action {

    private final Consumer<String> out;

    /** @param out where each line goes: an slf4j logger at INFO in production */
    LogAction(Consumer<String> out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    @Override
    public void ban(List<Ban> bans) {
        bans.forEach(b -> out.accept(banLine(b)));
    }

    @Override
    public void unban(List<Ban> bans) {
        bans.forEach(b -> out.accept(unbanLine(b)));
    }

    /** {@code [JAIL] would ban ADDRESS until END (N failures)}; END is ISO-8601 UTC. */
    static String banLine(Ban ban) {
        return "[" + ban.jail() + "] would ban " + ban.address() + " until " + ban.end()
                + " (" + ban.failures() + " failures)";
    }

    /** {@code [JAIL] would unban ADDRESS}. */
    static String unbanLine(Ban ban) {
        return "[" + ban.jail() + "] would unban " + ban.address();
    }
}
