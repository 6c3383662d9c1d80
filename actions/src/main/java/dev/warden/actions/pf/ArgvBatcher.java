package dev.warden.actions.pf;

import dev.warden.actions.command.Batches;

import java.util.List;

/**
 * Splits a long argument list into as few command lines as fit a byte budget, the way the kernel counts
 * them: every argv string costs its UTF-8 bytes plus one for its terminating NUL. The split itself is
 * {@link Batches#split}.
 */
final class ArgvBatcher {

    private ArgvBatcher() {
    }

    /** The bytes {@code arg} takes in an argv: its UTF-8 length plus the NUL. */
    static long cost(String arg) {
        long bytes = 1;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** The bytes a whole argv takes. */
    static long cost(List<String> argv) {
        long bytes = 0;
        for (String arg : argv) {
            bytes += cost(arg);
        }
        return bytes;
    }

    /**
     * Splits {@code args} into consecutive, non-empty runs such that {@code prefix} followed by each run
     * costs at most {@code budget}; order is kept and every argument appears once.
     *
     * @return the runs (without the prefix); empty when {@code args} is
     * @throws IllegalArgumentException when one argument does not fit even alone
     */
    static List<List<String>> split(List<String> prefix, List<String> args, long budget) {
        long base = cost(prefix);
        for (String arg : args) {
            long c = cost(arg);
            if (base + c > budget) {
                throw new IllegalArgumentException("argument of " + c + " bytes does not fit a budget of "
                        + budget + " bytes after a " + base + "-byte command");
            }
        }
        return Batches.split(args, base, ArgvBatcher::cost, budget);
    }
}
