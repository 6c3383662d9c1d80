package dev.warden.core.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import dev.warden.core.spi.Ban;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real processes: a child JVM ({@link StateSaverMain}) saves in a tight loop and is killed with
 * {@code SIGKILL} at random moments; whatever instant it died at, the state must load and be exactly
 * one the child saved completely or was saving (never a mixture), and never older than the last save
 * the child saw return.
 */
class StateStoreCrashTest {

    private static final int KILLS = 20;

    @TempDir
    Path dir;

    @Test
    @Timeout(60)
    void killNineAtRandomMomentsAlwaysLeavesACompleteState() throws Exception {
        Random random = new Random(20261107);
        long lastLoaded = 0;
        int fallbacks = 0;
        for (int k = 0; k < KILLS; k++) {
            long reported = runAndKill("loop", random.nextInt(40));
            LoadedState loaded;
            try (StateStore store = StateStore.open(dir)) {
                loaded = store.loadDetailed();
            }
            long counter = loaded.state().banCount("counter", States.ip("192.0.2.1"));
            assertThat(counter).as("kill %d: counter after the last save the child saw return (%d)", k, reported)
                    .isBetween(reported, reported + 1);
            assertThat(loaded.state()).as("kill %d: a complete state", k).isEqualTo(States.numbered(counter));
            assertThat(dir.resolve(StateStore.TEMP)).doesNotExist();
            fallbacks += loaded.fromPreviousGeneration() ? 1 : 0;
            lastLoaded = counter;
        }
        assertThat(lastLoaded).isPositive();
        assertThat(fallbacks).as("state is replaced by rename, so it is never torn").isZero();
    }

    @Test
    @Timeout(60)
    void killNineWhileJournalingLosesNoBanWhoseAppendReturned() throws Exception {
        Random random = new Random(20261127);
        for (int k = 0; k < KILLS; k++) {
            long reported = runAndKill("journal", random.nextInt(60));
            WardenState loaded;
            try (StateStore store = StateStore.open(dir)) {
                loaded = store.load();
            }
            int n = loaded.bans().size();
            assertThat((long) n).as("kill %d: bans after the last append the child saw return (%d)", k, reported)
                    .isBetween(reported, reported + 1);
            List<Ban> expected = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                expected.add(States.journaled(i));
            }
            assertThat(loaded.bans()).as("kill %d: exactly the first %d bans, in order", k, n).isEqualTo(expected);
            assertThat(loaded.banCount("journal", expected.get(n - 1).address())).isEqualTo(1);
        }
    }

    @Test
    @Timeout(30)
    void secondDaemonOnTheSameDirectoryFailsClearlyAndTheLockDiesWithTheHolder() throws Exception {
        Process holder = start("hold");
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).as("stderr: %s", stderr()).isEqualTo("locked");
            assertThatThrownBy(() -> StateStore.open(dir))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("state directory " + dir + " is in use by another Warden")
                    .hasMessageContaining("pid " + holder.pid());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (StateStore store = StateStore.open(dir)) {
            assertThat(store.load()).isEqualTo(WardenState.empty());
        }
    }

    /**
     * Starts the child in {@code mode}, lets it report a first counter, kills it {@code sleepMillis} later
     * with SIGKILL and returns the last counter it reported (every line it printed is read: see below).
     */
    private long runAndKill(String mode, int sleepMillis) throws Exception {
        Process child = start(mode);
        AtomicLong lastReported = new AtomicLong();
        Thread reader = readCounters(child, lastReported);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lastReported.get() == 0 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(lastReported.get()).as("child %s reported something; stderr: %s", mode, stderr()).isPositive();
        Thread.sleep(sleepMillis);
        // SIGKILL through the handle: Process.destroyForcibly() would also close our end of the child's
        // stdout, dropping counters already in the pipe that the reader has not read yet.
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        reader.join(5_000);
        return lastReported.get();
    }

    private Process start(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), StateSaverMain.class.getName(), mode, dir.toString())
                .redirectError(dir.resolveSibling(dir.getFileName() + ".stderr").toFile())
                .start();
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolveSibling(dir.getFileName() + ".stderr"));
        } catch (IOException e) {
            return "(none)";
        }
    }

    private static Thread readCounters(Process child, AtomicLong last) {
        Thread t = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.matches("\\d+")) {
                        last.set(Long.parseLong(line));
                    }
                }
            } catch (IOException e) {
                // the child died; what was read is what counts
            }
        }, "child-stdout");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
