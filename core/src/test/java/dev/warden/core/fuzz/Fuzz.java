package dev.warden.core.fuzz;

import java.util.Random;
import java.util.function.Function;

/**
 * Bounded, reproducible fuzzing on plain JUnit: a property is checked on a fixed number of inputs, each
 * made by a generator from a {@link Random} of its own seed, and the first input that breaks it fails the
 * test with that seed and the input itself.
 * <pre>{@code
 * Fuzz.check("decode never throws", 500, r -> Mutate.randomBytes(r, 200), Mutate::show, input -> ...);
 * }</pre>
 *
 * <p><b>Reproducible.</b> The seeds are a function of the property's name, so every run (CI's included)
 * checks the same inputs and a failure is one that happens every time. To explore other inputs, run with
 * {@code -Dwarden.fuzz.seed=N} (another base seed) and {@code -Dwarden.fuzz.scale=K} (K times the tries);
 * to rerun only the input a failure names, {@code -Dwarden.fuzz.replay=SEED} together with {@code -Dtest=}.
 *
 * <p><b>Bounded.</b> The number of tries is fixed by the caller; nothing here waits or loops beyond it.
 * There is no shrinking: the message shows the failing input as it was generated, so keep inputs small.
 *
 * <p>Why not jqwik: from 1.10 on its maintainers ask that it not be used by AI coding agents, which write
 * part of this project (see docs/architecture.md, "Dependencies").
 */
public final class Fuzz {

    /** System property: a seed mixed into every property's base seed, to check other inputs than the usual. */
    public static final String SEED = "warden.fuzz.seed";
    /** System property: run this many times the tries each property asks for. */
    public static final String SCALE = "warden.fuzz.scale";
    /** System property: run one input only, the one of this seed (as a failure message names it). */
    public static final String REPLAY = "warden.fuzz.replay";

    private Fuzz() {
    }

    /** A check of one input: returns normally when the property holds, throws (anything) when it does not. */
    @FunctionalInterface
    public interface Property<T> {
        void check(T input) throws Exception;
    }

    /**
     * Checks {@code property} on {@code tries} inputs of {@code generator}; returns the number of inputs
     * checked. Throws an AssertionError naming the property, the try, the input's seed and the input
     * ({@code show}n, cut to 4,000 characters) when one input breaks it; the cause is what the check threw.
     */
    public static <T> int check(String name, int tries, Function<Random, T> generator,
                                Function<? super T, String> show, Property<? super T> property) {
        String replay = System.getProperty(REPLAY);
        if (replay != null) {
            run(name, 0, 1, Long.parseLong(replay), generator, show, property);
            return 1;
        }
        String given = System.getProperty(SEED);
        long base = given == null ? defaultSeed(name) : mix(Long.parseLong(given) ^ defaultSeed(name));
        int n = tries * Integer.getInteger(SCALE, 1);
        for (int i = 0; i < n; i++) {
            run(name, i, n, mix(base + i), generator, show, property);
        }
        return n;
    }

    private static <T> void run(String name, int i, int n, long seed, Function<Random, T> generator,
                                Function<? super T, String> show, Property<? super T> property) {
        T input = generator.apply(new Random(seed));
        try {
            property.check(input);
        } catch (Exception | AssertionError | StackOverflowError e) {
            String shown = show.apply(input);
            if (shown.length() > 4000) {
                shown = shown.substring(0, 4000) + "... (" + shown.length() + " characters)";
            }
            throw new AssertionError(name + ": falsified on try " + (i + 1) + " of " + n + " (input seed " + seed
                    + "; rerun it alone with -D" + REPLAY + "=" + seed + "):\n" + e + "\ninput:\n" + shown, e);
        }
    }

    /** The base seed of a property when none is given: fixed by its name. */
    static long defaultSeed(String name) {
        long h = 1125899906842597L;
        for (int i = 0; i < name.length(); i++) {
            h = 31 * h + name.charAt(i);
        }
        return h;
    }

    /** SplitMix64's finalizer: neighbouring base seeds give unrelated input seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
