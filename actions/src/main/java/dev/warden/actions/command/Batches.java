package dev.warden.actions.command;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits items into as few consecutive batches as fit a byte budget: the batcher behind both
 * {@code pf}'s argv batches and {@code nftables}' scripts. What a byte is (an argv string with its NUL,
 * an element in a script) is the caller's cost function. Stateless.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Splits {@code items} into consecutive, non-empty batches such that {@code overhead} plus the costs
     * of a batch's items is at most {@code budget}; a batch closes only when its next item would not fit
     * (greedy, which gives the fewest batches since each item only has to follow its predecessor). Order is
     * kept and every item appears once. An item that does not fit even alone gets a batch of its own; a
     * caller that must refuse it checks first.
     *
     * @param cost the bytes one item adds to a batch; never negative
     * @return the batches, unmodifiable; empty when {@code items} is
     */
    public static <T> List<List<T>> split(List<T> items, long overhead, ToLongFunction<? super T> cost,
            long budget) {
        List<List<T>> batches = new ArrayList<>();
        List<T> batch = new ArrayList<>();
        long used = overhead;
        for (T item : items) {
            long c = cost.applyAsLong(item);
            if (!batch.isEmpty() && used + c > budget) {
                batches.add(List.copyOf(batch));
                batch.clear();
                used = overhead;
            }
            batch.add(item);
            used += c;
        }
        if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
        }
        return List.copyOf(batches);
    }
}
