package dev.warden.actions.command;

import java.util.List;

/**
 * What a change left undone: the addresses of the commands that failed, in order, and why each failed.
 *
 * @param addresses the addresses not applied, in the order of their commands
 * @param reasons one line per failed command (or for the commands an interrupt left unrun), in order
 * @param total how many addresses the whole change was to apply
 */
public record NotApplied(List<String> addresses, List<String> reasons, int total) {

    /** How many of the addresses not applied a message lists before it just counts the rest. */
    public static final int LISTED_ADDRESSES = 50;

    /** What {@link #message} does with a period that ends the last reason, just before ". Not applied". */
    public enum FinalPeriod {
        /** Keep it, even where that doubles the period. */
        KEEP,
        /** Drop one final period (not an ellipsis), so that quoted sentences read on into ". Not applied". */
        DROP
    }

    public NotApplied {
        addresses = List.copyOf(addresses);
        reasons = List.copyOf(reasons);
    }

    /** True when every command succeeded. */
    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    /**
     * {@code CHANGE did not apply N of TOTAL addresses: REASON; REASON. Not applied: A, B and K more}, the
     * addresses listed up to {@link #LISTED_ADDRESSES}.
     *
     * @param change what was to happen, in the action's words, e.g. {@code pfctl -T add on table <bot>}
     */
    public String message(String change, FinalPeriod period) {
        String why = String.join("; ", reasons);
        if (period == FinalPeriod.DROP && why.endsWith(".") && !why.endsWith("...")) {
            why = why.substring(0, why.length() - 1);
        }
        StringBuilder sb = new StringBuilder()
                .append(change).append(" did not apply ").append(addresses.size()).append(" of ").append(total)
                .append(" addresses: ").append(why).append(". Not applied: ")
                .append(String.join(", ", addresses.subList(0, Math.min(LISTED_ADDRESSES, addresses.size()))));
        if (addresses.size() > LISTED_ADDRESSES) {
            sb.append(" and ").append(addresses.size() - LISTED_ADDRESSES).append(" more");
        }
        return sb.toString();
    }
}
