package dev.warden.actions.nftables;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.PluginConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NftablesActionTest {

    /** TestContext.ban's bans run from here for one hour. */
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private FakeNft nft;

    @BeforeEach
    void installFake() throws IOException {
        nft = FakeNft.install(dir);
    }

    private Action create(Map<String, Object> extra, Instant now) throws PluginConfigException {
        Map<String, Object> values = new HashMap<>(Map.of("nft", nft.path()));
        values.putAll(extra);
        NftablesActionFactory factory = new NftablesActionFactory();
        return factory.create(new MapPluginOptions(factory.options(), values),
                new TestContext("ssh", Clock.fixed(now, ZoneOffset.UTC), new ProcessCommandRunner()));
    }

    private Action create(Map<String, Object> extra) throws PluginConfigException {
        return create(extra, START.plusSeconds(600));
    }

    private List<String> argv() {
        return List.of(nft.path(), "-f", "-");
    }

    private static List<Ban> bans(String... addresses) {
        return Arrays.stream(addresses).map(TestContext::ban).toList();
    }

    @Test
    void startCreatesTableAndSetsAndReplacesTheChainInOneRun() throws Exception {
        create(Map.of()).start();

        assertThat(nft.calls()).containsExactly(new FakeNft.Call(argv(), """
                add table inet warden
                add set inet warden ssh-ipv4 { type ipv4_addr; flags timeout; }
                add set inet warden ssh-ipv6 { type ipv6_addr; flags timeout; }
                add set inet warden ssh-ipv4-net { type ipv4_addr; flags interval, timeout; }
                add set inet warden ssh-ipv6-net { type ipv6_addr; flags interval, timeout; }
                add chain inet warden input-ssh
                flush chain inet warden input-ssh
                delete chain inet warden input-ssh
                add chain inet warden input-ssh { type filter hook input priority -10; policy accept; }
                add rule inet warden input-ssh ip saddr @ssh-ipv4 drop
                add rule inet warden input-ssh ip6 saddr @ssh-ipv6 drop
                add rule inet warden input-ssh ip saddr @ssh-ipv4-net drop
                add rule inet warden input-ssh ip6 saddr @ssh-ipv6-net drop
                """));
    }

    @Test
    void tableSetAndPriorityAreConfigurable() throws Exception {
        create(Map.of("table", "fw", "set", "mail", "priority", 5)).start();

        assertThat(nft.calls().get(0).stdin()).isEqualTo("""
                add table inet fw
                add set inet fw mail-ipv4 { type ipv4_addr; flags timeout; }
                add set inet fw mail-ipv6 { type ipv6_addr; flags timeout; }
                add set inet fw mail-ipv4-net { type ipv4_addr; flags interval, timeout; }
                add set inet fw mail-ipv6-net { type ipv6_addr; flags interval, timeout; }
                add chain inet fw input-mail
                flush chain inet fw input-mail
                delete chain inet fw input-mail
                add chain inet fw input-mail { type filter hook input priority 5; policy accept; }
                add rule inet fw input-mail ip saddr @mail-ipv4 drop
                add rule inet fw input-mail ip6 saddr @mail-ipv6 drop
                add rule inet fw input-mail ip saddr @mail-ipv4-net drop
                add rule inet fw input-mail ip6 saddr @mail-ipv6-net drop
                """);
    }

    @Test
    void banAddsEachAddressOnceWithItsRemainingTimeOneRunPerFamily() throws Exception {
        create(Map.of()).ban(bans("192.0.2.1", "2001:DB8:0:0::1", "::ffff:198.51.100.7", "192.0.2.1"));

        assertThat(nft.calls()).containsExactly(
                new FakeNft.Call(argv(), """
                        add element inet warden ssh-ipv4 { 192.0.2.1, 198.51.100.7 }
                        delete element inet warden ssh-ipv4 { 192.0.2.1, 198.51.100.7 }
                        add element inet warden ssh-ipv4 { 192.0.2.1 timeout 3000s, 198.51.100.7 timeout 3000s }
                        """),
                new FakeNft.Call(argv(), """
                        add element inet warden ssh-ipv6 { 2001:db8::1 }
                        delete element inet warden ssh-ipv6 { 2001:db8::1 }
                        add element inet warden ssh-ipv6 { 2001:db8::1 timeout 3000s }
                        """));
    }

    @Test
    void remainingTimeIsRoundedUpAndAtLeastOneSecond() throws Exception {
        Ban ended = new Ban("ssh", IpAddress.parse("192.0.2.2").orElseThrow(), START, START.plusSeconds(1), 5,
                Ban.Origin.AUTOMATIC);
        create(Map.of(), START.plusMillis(500)).ban(List.of(TestContext.ban("192.0.2.1"), ended));
        create(Map.of(), START.plusSeconds(7)).ban(List.of(ended));

        assertThat(nft.calls()).extracting(c -> c.stdin().lines().toList().get(2)).containsExactly(
                "add element inet warden ssh-ipv4 { 192.0.2.1 timeout 3600s, 192.0.2.2 timeout 1s }",
                "add element inet warden ssh-ipv4 { 192.0.2.2 timeout 1s }");
    }

    @Test
    void theSameAddressTwiceGetsTheLaterEnd() throws Exception {
        Ban longer = new Ban("ssh", IpAddress.parse("192.0.2.1").orElseThrow(), START, START.plusSeconds(7200), 0,
                Ban.Origin.MANUAL);
        create(Map.of(), START).ban(List.of(longer, TestContext.ban("192.0.2.1")));

        assertThat(nft.calls().get(0).stdin().lines().toList().get(2))
                .isEqualTo("add element inet warden ssh-ipv4 { 192.0.2.1 timeout 7200s }");
    }

    @Test
    void unbanAddsThenDeletesSoAnAbsentElementCannotFailTheRun() throws Exception {
        create(Map.of()).unban(bans("fe80::1%eth0", "203.0.113.9"));

        assertThat(nft.calls()).containsExactly(
                new FakeNft.Call(argv(), """
                        add element inet warden ssh-ipv4 { 203.0.113.9 }
                        delete element inet warden ssh-ipv4 { 203.0.113.9 }
                        """),
                new FakeNft.Call(argv(), """
                        add element inet warden ssh-ipv6 { fe80::1 }
                        delete element inet warden ssh-ipv6 { fe80::1 }
                        """));
    }

    @Test
    void aSmallBudgetSplitsIntoSeveralRunsEveryAddressOnce() throws Exception {
        List<Ban> many = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            many.add(TestContext.ban("192.0.2." + i));
        }
        create(Map.of("max-batch-bytes", 400)).ban(many);

        List<FakeNft.Call> calls = nft.calls();
        assertThat(calls).hasSizeGreaterThan(3);
        List<String> added = new ArrayList<>();
        for (FakeNft.Call c : calls) {
            assertThat(c.stdin().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(400);
            String last = c.stdin().lines().toList().get(2);
            String inner = last.substring(last.indexOf("{ ") + 2, last.lastIndexOf(" }"));
            Arrays.stream(inner.split(", ")).map(e -> e.replace(" timeout 3000s", "")).forEach(added::add);
        }
        assertThat(added).containsExactlyElementsOf(many.stream().map(b -> b.address().toString()).toList());
    }

    @Test
    void aFailedRunIsReportedWithNftsErrorAndTheOtherRunsStillHappen() throws Exception {
        nft.failWhenStdinContains("ssh-ipv4");
        Action action = create(Map.of());

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1", "2001:db8::1")))
                .isInstanceOf(ActionException.class)
                .hasMessage("nft add element on sets ssh-ipv4/ssh-ipv6/ssh-ipv4-net/ssh-ipv6-net of table inet warden"
                        + " did not apply 1 of 2 "
                        + "addresses: " + nft.path() + " -f - (add 1 elements) exited with status 1: "
                        + "/dev/stdin:1:1-3: " + FakeNft.ERROR + ". Not applied: 192.0.2.1");
        assertThat(nft.calls()).hasSize(2);
    }

    @Test
    void aFailedStartCarriesNftsError() throws Exception {
        nft.failAlways();
        Action action = create(Map.of());

        assertThatThrownBy(action::start).isInstanceOf(ActionException.class)
                .hasMessage("nftables: could not set up table inet warden: " + nft.path()
                        + " -f - (start) exited with status 1: /dev/stdin:1:1-3: " + FakeNft.ERROR);
    }

    @Test
    void aMissingNftIsReported() throws Exception {
        Action action = create(Map.of("nft", dir.resolve("absent/nft").toString()));

        assertThatThrownBy(() -> action.unban(bans("192.0.2.1")))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("absent/nft -f - (delete 1 elements) could not run: ")
                .hasMessageEndingWith("Not applied: 192.0.2.1");
    }

    @Test
    void aHangingNftIsKilledAtTheTimeout() throws Exception {
        nft.hang();
        Action action = create(Map.of("timeout", "300ms"));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1")))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("(add 1 elements) timed out after 300ms and was killed");
    }

    @Test
    void stopKeepsTheBansByDefault() throws Exception {
        create(Map.of()).stop();

        assertThat(nft.calls()).isEmpty();
    }

    @Test
    void stopWithFlushEmptiesTheFourSets() throws Exception {
        create(Map.of("on-stop", "flush")).stop();

        assertThat(nft.calls()).containsExactly(new FakeNft.Call(argv(), """
                flush set inet warden ssh-ipv4
                flush set inet warden ssh-ipv6
                flush set inet warden ssh-ipv4-net
                flush set inet warden ssh-ipv6-net
                """));
    }

    @Test
    void networksGoToTheIntervalSetsAsCidrAfterTheAddresses() throws Exception {
        Action action = create(Map.of());
        action.ban(bans("2001:db8:1:2::/64", "192.0.2.1", "198.51.100.0/24"));
        action.unban(bans("2001:db8:1:2::/64"));

        assertThat(nft.calls()).extracting(FakeNft.Call::stdin).containsExactly("""
                        add element inet warden ssh-ipv4 { 192.0.2.1 }
                        delete element inet warden ssh-ipv4 { 192.0.2.1 }
                        add element inet warden ssh-ipv4 { 192.0.2.1 timeout 3000s }
                        """, """
                        add element inet warden ssh-ipv4-net { 198.51.100.0/24 }
                        delete element inet warden ssh-ipv4-net { 198.51.100.0/24 }
                        add element inet warden ssh-ipv4-net { 198.51.100.0/24 timeout 3000s }
                        """, """
                        add element inet warden ssh-ipv6-net { 2001:db8:1:2::/64 }
                        delete element inet warden ssh-ipv6-net { 2001:db8:1:2::/64 }
                        add element inet warden ssh-ipv6-net { 2001:db8:1:2::/64 timeout 3000s }
                        """, """
                        add element inet warden ssh-ipv6-net { 2001:db8:1:2::/64 }
                        delete element inet warden ssh-ipv6-net { 2001:db8:1:2::/64 }
                        """);
    }

    @Test
    void killConnectionsDeletesTheConntrackEntriesOfWhatWasAddedInOneBatchedRun() throws Exception {
        FakeNft ct = FakeNft.install(dir.resolve("ct"), "conntrack");
        nft.failWhenStdinContains("ssh-ipv4-net");
        Action action = create(Map.of("kill-connections", true, "conntrack", ct.path()));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1", "2001:db8:1:2::/64", "198.51.100.0/24")))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("did not apply 1 of 3 addresses")
                .hasMessageEndingWith("Not applied: 198.51.100.0/24");
        action.unban(bans("192.0.2.1"));

        assertThat(ct.calls()).containsExactly(new FakeNft.Call(List.of(ct.path(), "-R", "-"), """
                -D -s 192.0.2.1
                -D -s 2001:db8:1:2::/64
                """));
    }

    @Test
    void withoutKillConnectionsConntrackNeverRuns() throws Exception {
        create(Map.of("conntrack", "/nonexistent/conntrack")).ban(bans("192.0.2.1"));

        assertThat(nft.calls()).hasSize(1);
    }

    @Test
    void aFailedConntrackRunIsReportedWithItsErrorAfterTheBanIsInTheSet() throws Exception {
        FakeNft ct = FakeNft.install(dir.resolve("ct"), "conntrack");
        ct.failAlways();
        Action action = create(Map.of("kill-connections", true, "conntrack", ct.path(), "max-batch-bytes", 4096));

        assertThatThrownBy(() -> action.ban(bans("192.0.2.1")))
                .isInstanceOf(ActionException.class)
                .hasMessage("conntrack -D (kill connections) did not apply 1 of 1 addresses: " + ct.path()
                        + " -R - (delete the connections of 1 addresses) exited with status 1: /dev/stdin:1:1-3: "
                        + FakeNft.ERROR + ". Not applied: 192.0.2.1");
        assertThat(nft.calls()).hasSize(1);
    }

    @Test
    void runsOnlyThroughTheContextsRunnerWithTheConfiguredTimeout() throws Exception {
        List<List<String>> seen = new ArrayList<>();
        List<Duration> timeouts = new ArrayList<>();
        NftablesActionFactory factory = new NftablesActionFactory();
        Action action = factory.create(new MapPluginOptions(factory.options(), Map.of("timeout", "7s")),
                new TestContext("sshd", Clock.fixed(START, ZoneOffset.UTC), (argv, stdin, timeout) -> {
                    seen.add(argv);
                    timeouts.add(timeout);
                    return new CommandResult(0, "", "", false);
                }));

        action.ban(bans("192.0.2.1"));

        assertThat(seen).containsExactly(List.of("/usr/sbin/nft", "-f", "-"));
        assertThat(timeouts).containsExactly(Duration.ofSeconds(7));
    }
}
