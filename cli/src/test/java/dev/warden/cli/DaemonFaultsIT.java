package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What goes wrong around a running daemon, done to a real {@code warden run}: a pfctl that hangs or
 * fails for a while, a full disk under the state directory, a log deleted or made unreadable, the wall
 * clock stepped back, the process stopped for a minute. In each case no ban is lost, nothing floods the
 * log, and the daemon carries on by itself once the fault is gone. Faults that need root (a tmpfs, a
 * daemon without the capability to read any file) are skipped, saying so, where the test does not run as
 * root; {@code .ci/run} runs as root and installs libfaketime for the clock.
 */
class DaemonFaultsIT extends WithDaemonFixture {

    static final String A = "198.51.100.7";
    static final String B = "203.0.113.9";
    static final String C = "192.0.2.44";

    /**
     * The daemon tests' smtpd jail with {@code ban-time}, its pf action giving up after 1 s, failed actions
     * tried again every {@code retry} and the state saved every second.
     */
    private void config(String retry, String banTime) throws IOException {
        f.config("retry-interval: " + retry + "\nsave-interval: 1s\n" + DaemonLifecycleIT.SMTPD
                .replace("ban-time: 1h", "ban-time: " + banTime).replace("pfctl: PFCTL}", "pfctl: PFCTL, timeout: 1s}"));
    }

    private static String fail(String address) {
        return "smtpd[1]: auth failed from " + address;
    }

    /** Two failures of {@code address} stamped {@code at}: one ban. */
    private void twoFailures(String address, Instant at) throws IOException {
        f.append("maillog", at, fail(address), fail(address));
    }

    @Test
    void aHangingPfctlIsKilledAtItsTimeoutAndTheBanAppliedOnceItAnswersAgain() throws Exception {
        config("1s", "1h");
        try (DaemonProcess d = f.start()) {
            Files.createFile(dir.resolve("hang"));
            twoFailures(A, DaemonFixture.thisSecond());
            assertThat(DaemonProcess.await(Duration.ofSeconds(20), () -> hungPids().size() >= 4))
                    .as("pfctl started, hung and tried again").isTrue();
            assertThat(DaemonProcess.await(Duration.ofSeconds(10), () -> hungPids().subList(0, 4).stream()
                    .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))))
                    .as("pfctl and the child it waited for are killed at the timeout").isTrue();
            assertThat(d.stderr()).contains("ERROR [smtpd] action pf could not ban 1 address(es): ")
                    .contains("-t bot -T add <1 addresses> timed out after 1s and was killed");
            assertThat(f.bansInForce()).as("the ban is recorded while pfctl hangs").singleElement().asString()
                    .startsWith("smtpd " + A + " ");

            Files.delete(dir.resolve("hang"));
            assertThat(DaemonProcess.await(Duration.ofSeconds(15), () -> uncheckedStderr(d).contains(
                    "[smtpd] 1 ban(s) in force applied on retry"))).isTrue();
            int calls = f.pfctlCalls().size();
            Thread.sleep(2500);
            assertThat(f.pfctlCalls()).as("tried until it answered, then no more").hasSize(calls)
                    .allMatch(c -> c.equals("-t bot -T add " + A));
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aPfctlThatFailsThreeTimesThenWorksEndsWithEveryBanApplied() throws Exception {
        config("1s", "1h");
        try (DaemonProcess d = f.start()) {
            Files.writeString(dir.resolve("failures"), "3\n");
            twoFailures(A, DaemonFixture.thisSecond());
            f.awaitPfctlCalls(1);
            twoFailures(B, DaemonFixture.thisSecond());
            assertThat(DaemonProcess.await(Duration.ofSeconds(20), () -> uncheckedStderr(d).contains(
                    "[smtpd] 2 ban(s) in force applied on retry"))).isTrue();
            List<String> calls = f.pfctlCalls();
            assertThat(calls).as("three failed, then the retry put both bans in force").hasSizeGreaterThanOrEqualTo(4);
            assertThat(calls.get(calls.size() - 1)).isIn("-t bot -T add " + A + " " + B, "-t bot -T add " + B + " " + A);
            assertThat(Files.readString(dir.resolve("failures")).strip()).isEqualTo("0");
            Thread.sleep(2500);
            assertThat(f.pfctlCalls()).as("nothing left to retry").hasSize(calls.size());

            // An unban that fails is done again too, once.
            Files.writeString(dir.resolve("failures"), "1\n");
            assertThat(f.warden("unban", A).exitCode()).isEqualTo(3);
            assertThat(DaemonProcess.await(Duration.ofSeconds(15), () -> uncheckedStderr(d).contains(
                    "[smtpd] 1 unban(s) carried out on retry"))).isTrue();
            assertThat(f.pfctlCalls().subList(calls.size(), f.pfctlCalls().size()))
                    .containsExactly("-t bot -T delete " + A, "-t bot -T delete " + A);
            assertThat(f.bansInForce()).singleElement().asString().startsWith("smtpd " + B + " ");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aFullStateDirectoryStopsNoBanAndIsWrittenAgainWhenSpaceReturns() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", state.toString()) == 0,
                "mounting a 1 MB tmpfs needs root");
        try {
            config("1s", "1h");
            try (DaemonProcess d = f.start()) {
                fill(state.resolve("filler"));
                twoFailures(A, DaemonFixture.thisSecond());
                assertThat(f.awaitPfctlCalls(1)).as("applied although it cannot be journaled")
                        .containsExactly("-t bot -T add " + A);
                twoFailures(B, DaemonFixture.thisSecond());
                assertThat(f.awaitPfctlCalls(2)).endsWith("-t bot -T add " + B);
                Thread.sleep(3000); // three save intervals, each trying again
                String log = d.stderr();
                assertThat(count(log, "failed write\\(s\\) so far")).as("reported once a minute: " + log).isOne();
                // The journal write or the first round's save, whichever came first after the disk filled.
                assertThat(log).containsPattern("ERROR cannot (journal 1 ban\\(s\\)|save state) in " + state
                        + ".*No space left on device");

                Files.delete(state.resolve("filler"));
                assertThat(DaemonProcess.await(Duration.ofSeconds(10), () -> uncheckedStderr(d).contains(
                        "state saved in " + state + " again, after "))).isTrue();
                assertThat(f.stateFile()).contains("ban smtpd " + A + " ").contains("ban smtpd " + B + " ");
                d.kill9();
            }
            int before = f.pfctlCalls().size();
            try (DaemonProcess d = f.start()) {
                assertThat(d.stderr()).contains("[smtpd] 2 ban(s) in force re-applied from state");
                assertThat(f.pfctlCalls().subList(before, f.pfctlCalls().size())).singleElement().asString()
                        .startsWith("-t bot -T add ").contains(A).contains(B);
                assertThat(d.stop()).isZero();
            }
        } finally {
            run("umount", "-l", state.toString());
        }
    }

    @Test
    void aLogDeletedAndCreatedAgainIsReadFromItsStart() throws Exception {
        config("1s", "1h");
        try (DaemonProcess d = f.start()) {
            f.append("maillog", DaemonFixture.thisSecond(), fail(A));
            assertThat(f.awaitStatus("\"lines\":1")).contains("\"lines\":1");
            Files.delete(dir.resolve("maillog"));
            Thread.sleep(1000);
            f.append("maillog", DaemonFixture.thisSecond(), fail(A)); // creates it
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add " + A);
            assertThat(d.stderr()).doesNotContain("ERROR").doesNotContain("WARN");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aJailWhoseLogIsMissingDoesNotStopTheOthersAndReadsItOnceItAppears() throws Exception {
        f.config(DaemonLifecycleIT.SMTPD + """
                  sshd:
                    logs: [authlog.new]
                    filter: {type: regex, tag: sshd, fail: ['Failed password for \\S+ from <ADDR> port']}
                    max-retry: 2
                    find-time: 1h
                    ban-time: 1h
                    actions: [{type: pf, table: ssh, pfctl: PFCTL}]
                """.replace("PFCTL", f.pfctl.toString()));
        assertThat(f.warden("validate").stderr()).contains("warning: log file not found: " + dir.resolve("authlog.new")
                + " (read once it appears)");
        try (DaemonProcess d = f.start()) {
            twoFailures(A, DaemonFixture.thisSecond());
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add " + A);
            f.append("authlog.new", DaemonFixture.thisSecond(), "sshd[9]: Failed password for root from " + B
                    + " port 22 ssh2", "sshd[9]: Failed password for root from " + B + " port 22 ssh2");
            assertThat(f.awaitPfctlCalls(2)).as("read from its start once it appeared")
                    .containsExactly("-t bot -T add " + A, "-t ssh -T add " + B);
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aLogThatCannotBeOpenedIsReportedOnceAndReadWhenItCanBe() throws Exception {
        config("1s", "1h");
        // Root reads any file; without these two capabilities it is held to the permission bits as well.
        List<String> prefix = isRoot() ? List.of("setpriv", "--inh-caps=-dac_override,-dac_read_search",
                "--bounding-set=-dac_override,-dac_read_search") : List.of();
        try (DaemonProcess d = f.startWith(prefix, Map.of())) {
            f.append("maillog", DaemonFixture.thisSecond(), fail(A));
            assertThat(f.awaitStatus("\"lines\":1")).contains("\"lines\":1");
            // Rotated, and the new file created with no permission at all.
            Files.move(dir.resolve("maillog"), dir.resolve("maillog.0"));
            Files.createFile(dir.resolve("maillog"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("---------")));
            f.append("maillog", DaemonFixture.thisSecond(), fail(A));
            assertThat(DaemonProcess.await(Duration.ofSeconds(10), () -> uncheckedStderr(d).contains(
                    "ERROR [smtpd] cannot read its logs: "))).isTrue();
            Thread.sleep(2000);
            assertThat(count(d.stderr(), "cannot read its logs")).as("reported once, not every poll").isOne();
            assertThat(f.pfctlCalls()).isEmpty();

            Files.setPosixFilePermissions(dir.resolve("maillog"), PosixFilePermissions.fromString("rw-r-----"));
            assertThat(f.awaitPfctlCalls(1)).as("read from its start once it can be")
                    .containsExactly("-t bot -T add " + A);
            assertThat(d.stderr()).contains("[smtpd] reading its logs again");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aWallClockSteppedBackAnHourPutsNothingOff() throws Exception {
        Path libfaketime = libfaketime();
        assumeTrue(libfaketime != null, "libfaketime is not installed (apt-get install faketime)");
        Path offset = dir.resolve("faketime");
        Files.writeString(offset, "+0\n");
        config("10s", "1h");
        Map<String, String> env = Map.of("LD_PRELOAD", libfaketime.toString(),
                "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_NO_CACHE", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1");
        try (DaemonProcess d = f.startWith(List.of(), env)) {
            twoFailures(A, DaemonFixture.thisSecond());
            f.awaitPfctlCalls(1);
            Files.writeString(dir.resolve("failures"), "1\n");
            twoFailures(B, DaemonFixture.thisSecond());
            f.awaitPfctlCalls(2); // fails: tried again in 10 s of the daemon's clock

            Files.writeString(offset, "-1h\n");
            Instant stepped = Instant.now().minus(Duration.ofHours(1));
            assertThat(f.awaitPfctlCalls(3)).as("the retry is not put off by an hour: %s", d.stderr()).hasSize(3)
                    .last().isIn("-t bot -T add " + A + " " + B, "-t bot -T add " + B + " " + A);

            // Lines stamped with the clock as it reads now are counted and saved.
            f.append("maillog", stepped, fail(C));
            assertThat(DaemonProcess.await(Duration.ofSeconds(10), () -> uncheckedState().contains("fail smtpd " + C + " ")))
                    .as("the state is saved every second still").isTrue();
            f.append("maillog", stepped.plusSeconds(1), fail(C));
            assertThat(f.awaitPfctlCalls(4)).last().isEqualTo("-t bot -T add " + C);
            assertThat(f.bansInForce()).as("no ban lifted early").hasSize(3);
            assertThat(f.pfctlCalls()).noneMatch(c -> c.contains("delete"));
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aDaemonStoppedForAMinuteCatchesUpWhenItContinues() throws Exception {
        config("1s", "1h");
        try (DaemonProcess d = f.start()) {
            assertThat(f.warden("ban", "smtpd", A, "--for", "30s").exitCode()).isZero();
            d.signal("STOP");
            Instant stoppedAt = Instant.now();
            try {
                WardenProcess.Result status = f.warden("status", "--timeout", "2s");
                assertThat(status.exitCode()).isNotZero();
                assertThat(status.stderr()).contains("did not answer within 2 s");
                twoFailures(B, DaemonFixture.thisSecond());
                Thread.sleep(Math.max(0, Duration.ofSeconds(60).minus(Duration.between(stoppedAt, Instant.now())).toMillis()));
                assertThat(f.pfctlCalls()).hasSize(1);
            } finally {
                d.signal("CONT");
            }
            // A's ban ended while it was stopped; B's failures were written meanwhile (its ban lasts an hour).
            List<String> calls = f.awaitPfctlCalls(3);
            assertThat(calls).as(d.stderr()).hasSize(3);
            assertThat(calls.subList(1, 3)).containsExactlyInAnyOrder("-t bot -T add " + B, "-t bot -T delete " + A);
            assertThat(f.bansInForce()).singleElement().asString().startsWith("smtpd " + B + " ");
            assertThat(d.stop()).isZero();
        }
    }

    // ---- helpers

    /** The pids the fake pfctl wrote while hanging: its own and its child's, in order. */
    private List<Long> hungPids() {
        try {
            Path file = dir.resolve("hang.pids");
            if (!Files.exists(file)) {
                return List.of();
            }
            return WardenProcess.completeLines(file).stream()
                    .flatMap(l -> java.util.Arrays.stream(l.trim().split(" "))).map(Long::parseLong).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String uncheckedStderr(DaemonProcess d) {
        try {
            return d.stderr();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String uncheckedState() {
        try {
            return f.stateFile();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** Writes {@code file} until the file system has no room left. */
    private static void fill(Path file) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                block.clear();
                ch.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static int run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    private static boolean isRoot() throws IOException {
        return Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }

    /** Debian's libfaketime for this machine's architecture, or null. */
    private static Path libfaketime() throws IOException {
        try (var dirs = Files.newDirectoryStream(Path.of("/usr/lib"), "*-linux-gnu*")) {
            for (Path d : dirs) {
                Path lib = d.resolve("faketime/libfaketime.so.1");
                if (Files.isRegularFile(lib)) {
                    return lib;
                }
            }
        }
        return null;
    }
}
