package dev.warden.core.engine;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;

/**
 * Hands batches of bans and unbans of one jail to each of its actions. A failing action is logged with
 * its message (which carries the command's stderr) and reported in the result, never dropped silently;
 * the other actions still run. The caller decides when to retry.
 */
public final class ActionDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ActionDispatcher.class);

    /**
     * An action by its configured type, for messages.
     *
     * @param acceptsNetworks whether it takes bans of networks ({@code ActionFactory.acceptsNetworks()})
     */
    public record NamedAction(String type, Action action, boolean acceptsNetworks) {
        public NamedAction {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(action, "action");
        }

        /** An action of this Warden's own making, which takes networks. */
        public NamedAction(String type, Action action) {
            this(type, action, true);
        }
    }

    private final String jail;
    private final List<NamedAction> actions;
    private final Map<String, Long> failuresByType = new TreeMap<>();

    public ActionDispatcher(String jail, List<NamedAction> actions) {
        this.jail = jail;
        this.actions = List.copyOf(actions);
        this.actions.forEach(a -> failuresByType.put(a.type(), 0L));
    }

    /** The types of the actions that do not take bans of networks, in order; empty when all do. */
    public List<String> refusingNetworks() {
        return actions.stream().filter(a -> !a.acceptsNetworks()).map(NamedAction::type).toList();
    }

    /** Failed ban and unban calls since this dispatcher was made, by action type (every type, 0 included). */
    public Map<String, Long> failuresByType() {
        return Map.copyOf(failuresByType);
    }

    /** Starts every action; returns how many failed. */
    public int start() {
        int failed = 0;
        for (NamedAction a : actions) {
            try {
                a.action().start();
            } catch (ActionException | RuntimeException e) {
                LOG.error("[{}] action {} failed to start: {}", jail, a.type(), e.getMessage());
                failed++;
            }
        }
        return failed;
    }

    /** Applies {@code bans} with every action; returns how many actions failed. */
    public int ban(List<Ban> bans) {
        return dispatch(bans, true);
    }

    /** Lifts {@code bans} with every action; returns how many actions failed. */
    public int unban(List<Ban> bans) {
        return dispatch(bans, false);
    }

    /** Stops every action. */
    public void stop() {
        for (NamedAction a : actions) {
            try {
                a.action().stop();
            } catch (RuntimeException e) {
                LOG.warn("[{}] action {} failed to stop: {}", jail, a.type(), e.getMessage());
            }
        }
    }

    private int dispatch(List<Ban> bans, boolean ban) {
        if (bans.isEmpty()) {
            return 0;
        }
        int failed = 0;
        for (NamedAction a : actions) {
            try {
                if (ban) {
                    a.action().ban(bans);
                } else {
                    a.action().unban(bans);
                }
            } catch (ActionException | RuntimeException e) {
                failed++;
                failuresByType.merge(a.type(), 1L, Long::sum);
                LOG.error("[{}] action {} could not {} {} address(es): {}", jail, a.type(), ban ? "ban" : "unban",
                        bans.size(), e.getMessage());
            }
        }
        return failed;
    }
}
