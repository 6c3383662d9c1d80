package dev.warden.actions.pf;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.PluginConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.warden.actions.TestContext.ban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PfActionTest {

    @TempDir
    Path dir;

    private FakePfctl pfctl;

    @BeforeEach
    void installFake() throws IOException {
        pfctl = FakePfctl.install(dir);
    }

    private Action create(Map<String, Object> extra) throws PluginConfigException {
        Map<String, Object> values = new HashMap<>(Map.of("table", "bot", "pfctl", pfctl.path()));
        values.putAll(extra);
        PfActionFactory factory = new PfActionFactory();
        return factory.create(new MapPluginOptions(factory.options(), values),
                TestContext.of(new ProcessCommandRunner()));
    }

    private List<String> argv(String verb, String... addresses) {
        List<String> argv = new ArrayList<>(List.of(pfctl.path(), "-t", "bot", "-T", verb));
        argv.addAll(List.of(addresses));
        return argv;
    }

    private static List<Ban> bans(String... addresses) {
        return Arrays.stream(addresses).map(TestContext::ban).toList();
    }

    @Test
    void banAddsEveryAddressOnceInOrderInCanonicalText() throws Exception {
        create(Map.of()).ban(bans("192.0.2.1", "2001:DB8:0:0::1", "::ffff:198.51.100.7", "192.0.2.1", "10.0.0.2"));

        assertThat(pfctl.calls()).containsExactly(
                argv("add", "192.0.2.1", "2001:db8::1", "198.51.100.7", "10.0.0.2"));
    }

    @Test
    void unbanDeletesEveryAddress() throws Exception {
        create(Map.of()).unban(bans("fe80::1%em0", "203.0.113.9"));

        assertThat(pfctl.calls()).containsExactly(argv("delete", "fe80::1", "203.0.113.9"));
    }

    @Test
    void aNetworkIsAddedAsItsCidrText() throws Exception {
        create(Map.of()).ban(bans("2001:db8:1:2::/64", "198.51.100.0/24", "192.0.2.1"));

        assertThat(pfctl.calls()).containsExactly(argv("add", "2001:db8:1:2::/64", "198.51.100.0/24", "192.0.2.1"));
    }

    @Test
    void killStatesKillsTheStatesOfEachAddressAfterItsAddOneInvocationEach() throws Exception {
        Action action = create(Map.of("kill-states", true));

        action.ban(bans("192.0.2.1", "2001:db8:1:2::/64"));
        action.unban(bans("192.0.2.1", "2001:db8:1:2::/64"));

        assertThat(pfctl.calls()).containsExactly(
                argv("add", "192.0.2.1", "2001:db8:1:2::/64"),
                List.of(pfctl.path(), "-k", "192.0.2.1"),
                List.of(pfctl.path(), "-k", "2001:db8:1:2::/64"),
                argv("delete", "192.0.2.1", "2001:db8:1:2::/64"));
    }

    @Test
    void withoutKillStatesNoStateIsKilled() throws Exception {
        create(Map.of("kill-states", false)).ban(bans("192.0.2.1"));

        assertThat(pfctl.calls()).containsExactly(argv("add", "192.0.2.1"));
    }

    @Test
    void anAddressWhoseAddFailedIsNotKilledAndBothFailuresAreReported() throws Exception {
        String a = "2001:db8:1:2:3:4:5:a";
        String b = "2001:db8:1:2:3:4:5:b";
        String c = "2001:db8:1:2:3:4:5:c";
        pfctl.failWhenGiven(c);
        Action action = create(Map.of("kill-states", true, "max-command-bytes", prefixBytes("add") + 50)); // 2 a command

        assertThatThrownBy(() -> action.ban(bans(a, b, c)))
                .isInstanceOf(ActionException.class)
                .hasMessage("pfctl -T add on table <bot> did not apply 1 of 3 addresses: " + pfctl.path()
                        + " -t bot -T add <1 addresses> exited with status 1: " + FakePfctl.ERROR
                        + " Not applied: " + c);
        assertThat(pfctl.calls()).containsExactly(
                argv("add", a, b),
                argv("add", c),
                List.of(pfctl.path(), "-k", a),
                List.of(pfctl.path(), "-k", b));
    }

    @Test
    void aFailedKillIsReportedWithPfctlsErrorAndTheOthersStillRun() throws Exception {
        pfctl.failWhenGiven("-k");
        Action action = create(Map.of("kill-states", true));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1", "192.0.2.2")))
                .isInstanceOf(ActionException.class)
                .hasMessage("pfctl -k (kill states) did not apply 2 of 2 addresses: " + pfctl.path()
                        + " -k 192.0.2.1 exited with status 1: " + FakePfctl.ERROR + "; " + pfctl.path()
                        + " -k 192.0.2.2 exited with status 1: " + FakePfctl.ERROR
                        + " Not applied: 192.0.2.1, 192.0.2.2");
        assertThat(pfctl.calls()).hasSize(3);
    }

    @Test
    void startRunsNothing() throws Exception {
        PfActionFactory factory = new PfActionFactory();
        Action action = factory.create(new MapPluginOptions(factory.options(), Map.of("table", "bot")),
                TestContext.of(TestContext.FORBIDDEN));

        action.start();
        action.stop();
    }

    @Test
    void runsOnlyThroughTheContextsRunnerWithTheConfiguredTimeout() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        List<Duration> timeouts = new ArrayList<>();
        PfActionFactory factory = new PfActionFactory();
        Action action = factory.create(
                new MapPluginOptions(factory.options(), Map.of("table", "bot", "timeout", "7s")),
                TestContext.of((argv, stdin, timeout) -> {
                    seen.add(argv);
                    timeouts.add(timeout);
                    assertThat(stdin).isEmpty();
                    return new CommandResult(0, "", "1/1 addresses added.\n", false);
                }));

        action.ban(bans("192.0.2.1"));

        assertThat(seen).containsExactly(List.of("/sbin/pfctl", "-t", "bot", "-T", "add", "192.0.2.1"));
        assertThat(timeouts).containsExactly(Duration.ofSeconds(7));
    }

    /** Bytes of "PFCTL -t bot -T VERB" in an argv. */
    private long prefixBytes(String verb) {
        return pfctl.path().length() + 1 + 3 + 4 + 3 + verb.length() + 1;
    }

    @Test
    void aTinyBudgetSplitsExactlyWhereTheBytesRunOut() throws Exception {
        List<Ban> six = bans("192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14",
                "192.0.2.15"); // 11 bytes each

        create(Map.of("max-command-bytes", prefixBytes("add") + 5 * 11)).ban(six);
        List<List<String>> fives = pfctl.calls();
        Files.delete(dir.resolve("calls"));
        create(Map.of("max-command-bytes", prefixBytes("add") + 5 * 11 - 1)).ban(six);
        List<List<String>> fours = pfctl.calls();

        assertThat(fives).containsExactly(
                argv("add", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13", "192.0.2.14"),
                argv("add", "192.0.2.15"));
        assertThat(fours).containsExactly(
                argv("add", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13"),
                argv("add", "192.0.2.14", "192.0.2.15"));
    }

    @Test
    void theSmallestBudgetHoldsOneLongIpv6NetworkPerCommand() throws Exception {
        String a = "2001:db8:1:2:3:4:5:6";
        String b = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127";
        long floor = prefixBytes("delete") + b.length() + 1;

        create(Map.of("max-command-bytes", floor)).unban(bans(a, b));

        assertThat(pfctl.calls()).containsExactly(argv("delete", a), argv("delete", b));
        assertThatThrownBy(() -> create(Map.of("max-command-bytes", floor - 1)))
                .isInstanceOfSatisfying(PluginConfigException.class,
                        e -> assertThat(e.option()).isEqualTo("max-command-bytes"));
    }

    @Test
    void twentyThousandIpv6AddressesGoInFewFullCommandsUnderTheDefaultBudget() throws Exception {
        List<Ban> many = new ArrayList<>();
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < 20_000; i++) {
            IpAddress address = IpAddress.ofIpv6(0x20010db8_12345678L, 0xabcd_0000_0000_0000L | (i * 7919L));
            many.add(new Ban("ssh", address, start, start.plusSeconds(60), 3, Ban.Origin.AUTOMATIC));
        }
        List<String> expected = many.stream().map(x -> x.address().toString()).toList();

        create(Map.of()).ban(many);

        List<List<String>> calls = pfctl.calls();
        List<String> sent = new ArrayList<>();
        for (List<String> call : calls) {
            assertThat(call.subList(0, 5)).isEqualTo(argv("add"));
            assertThat(ArgvBatcher.cost(call)).isLessThanOrEqualTo(131_072);
            sent.addAll(call.subList(5, call.size()));
        }
        assertThat(sent).isEqualTo(expected);
        assertThat(calls).hasSizeGreaterThan(1);
        for (int k = 0; k < calls.size() - 1; k++) {
            String next = calls.get(k + 1).get(5);
            assertThat(ArgvBatcher.cost(calls.get(k)) + ArgvBatcher.cost(next))
                    .as("invocation %d is full", k).isGreaterThan(131_072);
        }
    }

    @Test
    void aFailingBatchDoesNotStopTheOthersAndIsReported() throws Exception {
        pfctl.failWhenGiven("192.0.2.16");
        Action action = create(Map.of("max-command-bytes", prefixBytes("add") + 5 * 11 - 1)); // 4 a command

        assertThatThrownBy(() -> action.ban(bans("192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13",
                "192.0.2.14", "192.0.2.15", "192.0.2.16", "192.0.2.17", "192.0.2.18")))
                .isInstanceOf(ActionException.class)
                .hasMessage("pfctl -T add on table <bot> did not apply 4 of 9 addresses: "
                        + pfctl.path() + " -t bot -T add <4 addresses> exited with status 1: "
                        + FakePfctl.ERROR + " Not applied: 192.0.2.14, 192.0.2.15, 192.0.2.16, 192.0.2.17");
        assertThat(pfctl.calls()).containsExactly(
                argv("add", "192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13"),
                argv("add", "192.0.2.14", "192.0.2.15", "192.0.2.16", "192.0.2.17"),
                argv("add", "192.0.2.18"));
    }

    @Test
    void everyFailedBatchIsNamedAndLongListsAreCounted() throws Exception {
        pfctl.failAlways();
        List<Ban> bans = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            bans.add(ban("198.51.100." + (100 + i)));
        }
        Action action = create(Map.of("max-command-bytes", prefixBytes("delete") + 40 * 15)); // 40 a command

        assertThatThrownBy(() -> action.unban(bans))
                .isInstanceOf(ActionException.class)
                .hasMessageStartingWith("pfctl -T delete on table <bot> did not apply 60 of 60 addresses: "
                        + pfctl.path() + " -t bot -T delete <40 addresses> exited with status 1: " + FakePfctl.ERROR
                        + "; " + pfctl.path() + " -t bot -T delete <20 addresses> exited with status 1: "
                        + FakePfctl.ERROR + " Not applied: 198.51.100.100, 198.51.100.101, ")
                .hasMessageEndingWith(", 198.51.100.149 and 10 more");
        assertThat(pfctl.calls()).hasSize(2);
    }

    @Test
    void aHangingPfctlIsKilledAtTheTimeoutAndReported() throws Exception {
        pfctl.hang();
        Action action = create(Map.of("timeout", "1s"));

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> action.ban(bans("192.0.2.1")))
                .isInstanceOf(ActionException.class)
                .hasMessage("pfctl -T add on table <bot> did not apply 1 of 1 addresses: " + pfctl.path()
                        + " -t bot -T add <1 addresses> timed out after 1s and was killed: (no error output)."
                        + " Not applied: 192.0.2.1");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofMillis(2500));
        assertThat(pfctl.calls()).containsExactly(argv("add", "192.0.2.1"));
    }

    @Test
    void aMissingPfctlIsAnActionExceptionNamingIt() throws Exception {
        String missing = dir.resolve("no-such-pfctl").toString();
        PfActionFactory factory = new PfActionFactory();
        Action action = factory.create(
                new MapPluginOptions(factory.options(), Map.of("table", "bot", "pfctl", missing)),
                TestContext.of(new ProcessCommandRunner()));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1", "192.0.2.2")))
                .isInstanceOf(ActionException.class)
                .hasMessageStartingWith("pfctl -T add on table <bot> did not apply 2 of 2 addresses: "
                        + missing + " -t bot -T add <2 addresses> could not run: cannot start " + missing)
                .hasMessageEndingWith(". Not applied: 192.0.2.1, 192.0.2.2");
    }

    @Test
    void exitStatusZeroWithPfctlsStderrChatterIsSuccess() throws Exception {
        Action action = create(Map.of());

        action.ban(bans("192.0.2.1"));
        action.unban(bans("192.0.2.1"));

        assertThat(pfctl.calls()).containsExactly(argv("add", "192.0.2.1"), argv("delete", "192.0.2.1"));
    }

    private static Action withRunner(long maxCommandBytes, CommandRunner runner) throws PluginConfigException {
        PfActionFactory factory = new PfActionFactory();
        return factory.create(new MapPluginOptions(factory.options(),
                Map.of("table", "bot", "max-command-bytes", maxCommandBytes)), TestContext.of(runner));
    }

    @Test
    void anInterruptStopsAtOnceAndCountsTheRestAsNotApplied() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        long budget = ArgvBatcher.cost(List.of("/sbin/pfctl", "-t", "bot", "-T", "add")) + 5 * 11; // 5 IPv4
        Action action = withRunner(budget, (argv, stdin, timeout) -> {
            seen.add(argv);
            if (seen.size() == 1) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for /sbin/pfctl");
            }
            return new CommandResult(0, "", "", false);
        });
        try {
            assertThatThrownBy(() -> action.ban(bans("192.0.2.10", "192.0.2.11", "192.0.2.12", "192.0.2.13",
                    "192.0.2.14", "192.0.2.15", "192.0.2.16")))
                    .isInstanceOf(ActionException.class)
                    .hasMessage("pfctl -T add on table <bot> did not apply 7 of 7 addresses: interrupted with 2 of 2 "
                            + "invocations not finished. Not applied: 192.0.2.10, 192.0.2.11, 192.0.2.12, "
                            + "192.0.2.13, 192.0.2.14, 192.0.2.15, 192.0.2.16");
            assertThat(seen).hasSize(1);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void quotesAtMostAThousandCharactersOfTrimmedErrorOutput() throws Exception {
        String noise = "x".repeat(5000);
        Action action = withRunner(131_072, (argv, stdin, timeout) -> new CommandResult(2, "", "\n " + noise, false));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1")))
                .isInstanceOf(ActionException.class)
                .hasMessage("pfctl -T add on table <bot> did not apply 1 of 1 addresses: /sbin/pfctl -t bot -T add "
                        + "<1 addresses> exited with status 2: " + "x".repeat(1000) + "..."
                        + ". Not applied: 192.0.2.1");
    }
}
