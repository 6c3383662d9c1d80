package dev.warden.core.state;

import java.nio.file.Path;

/**
 * Child process for {@link StateStoreCrashTest}: {@code loop DIR} saves {@link States#numbered} states
 * with counters 1, 2, 3… as fast as it can, printing each counter after its save returned;
 * {@code journal DIR} saves an empty state, then journals one ban at a time (the Nth of
 * {@link States#journaled}), printing N after each append returned, with a full save every 100;
 * {@code hold DIR} opens the store, prints {@code locked} and waits to be killed.
 */
public final class StateSaverMain {

    private StateSaverMain() {
    }

    public static void main(String[] args) throws Exception {
        try (StateStore store = StateStore.open(Path.of(args[1]))) {
            if (args[0].equals("hold")) {
                System.out.println("locked");
                System.out.flush();
                Thread.sleep(60_000);
                return;
            }
            if (args[0].equals("journal")) {
                store.save(WardenState.empty());
                for (int n = 1; n < 1_000_000; n++) {
                    store.appendBans(java.util.List.of(States.journaled(n)));
                    if (n % 100 == 0) {
                        store.save(store.load());
                    }
                    System.out.println(n);
                    System.out.flush();
                }
                return;
            }
            for (long counter = 1; counter < 1_000_000; counter++) {
                store.save(States.numbered(counter));
                System.out.println(counter);
                System.out.flush();
            }
        }
    }
}
