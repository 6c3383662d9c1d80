package dev.warden.actions.nftables;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.CommandResult;
import dev.warden.core.spi.CommandRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The action's scripts through the real nft and kernel, in a throwaway network namespace (so the host's
 * ruleset is never touched). Skipped unless running as root with /usr/sbin/nft and ip netns.
 */
class NftKernelTest {

    private static final Path NFT = Path.of("/usr/sbin/nft");
    private static final Path IP = Path.of("/usr/sbin/ip");
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final ProcessCommandRunner host = new ProcessCommandRunner();
    private final String namespace = "warden-nft-test-" + ProcessHandle.current().pid();
    private boolean created;

    /** Runs every command inside the namespace. */
    private final CommandRunner inNamespace = (argv, stdin, timeout) -> {
        List<String> wrapped = new ArrayList<>(List.of(IP.toString(), "netns", "exec", namespace));
        wrapped.addAll(argv);
        return host.run(wrapped, stdin, timeout);
    };

    @BeforeEach
    void createNamespace() throws IOException {
        assumeTrue(Files.isExecutable(NFT) && Files.isExecutable(IP), "needs /usr/sbin/nft and /usr/sbin/ip");
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid")), "needs root");
        CommandResult r = host.run(List.of(IP.toString(), "netns", "add", namespace), Duration.ofSeconds(10));
        assumeTrue(r.succeeded(), "ip netns add failed: " + r.stderr());
        created = true;
    }

    @AfterEach
    void deleteNamespace() throws IOException {
        if (created) {
            host.run(List.of(IP.toString(), "netns", "delete", namespace), Duration.ofSeconds(10));
        }
    }

    private String list(String what) throws IOException {
        CommandResult r = inNamespace.run(List.of(NFT.toString(), "list", what, "inet", "warden",
                what.equals("table") ? "" : "ssh-ipv4").stream().filter(s -> !s.isEmpty()).toList(),
                Duration.ofSeconds(10));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        return r.stdout();
    }

    private Action action(Instant now) throws Exception {
        return action(now, Map.of());
    }

    private Action action(Instant now, Map<String, Object> options) throws Exception {
        NftablesActionFactory factory = new NftablesActionFactory();
        return factory.create(new MapPluginOptions(factory.options(), options),
                new TestContext("ssh", Clock.fixed(now, ZoneOffset.UTC), inNamespace));
    }

    @Test
    void bansBecomeElementsWithTheRemainingTimeRestartsKeepThemAndTwoUnbansDoNotFail() throws Exception {
        Action action = action(START.plusSeconds(600));
        action.start();
        action.ban(List.of(TestContext.ban("192.0.2.1"), TestContext.ban("2001:db8::7")));

        assertThat(list("set")).containsPattern("192\\.0\\.2\\.1 timeout 50m expires 4[0-9]m[0-9]+s");
        assertThat(list("table")).containsPattern("2001:db8::7 timeout 50m expires 4[0-9]m");

        Action restarted = action(START.plusSeconds(1800));
        restarted.start();
        restarted.ban(List.of(TestContext.ban("192.0.2.1")));
        String table = list("table");
        assertThat(table.lines().filter(l -> l.contains("saddr @ssh-ipv")).toList()).containsExactly(
                "\t\tip saddr @ssh-ipv4 drop", "\t\tip6 saddr @ssh-ipv6 drop",
                "\t\tip saddr @ssh-ipv4-net drop", "\t\tip6 saddr @ssh-ipv6-net drop");
        assertThat(table).contains("type filter hook input priority filter - 10; policy accept;");
        assertThat(list("set")).containsPattern("192\\.0\\.2\\.1 timeout 30m expires 29m[0-9]+s");

        Action newPriority = action(START.plusSeconds(1800), Map.of("priority", 7));
        newPriority.start();
        assertThat(list("table")).contains("type filter hook input priority filter + 7; policy accept;")
                .contains("\t\tip saddr @ssh-ipv4 drop").contains("192.0.2.1 timeout 30m");

        restarted.unban(List.of(TestContext.ban("192.0.2.1")));
        restarted.unban(List.of(TestContext.ban("192.0.2.1")));
        assertThat(list("set")).doesNotContain("192.0.2.1");
        assertThat(list("table")).contains("2001:db8::7");
    }

    @Test
    void networksAreIntervalElementsBesideAddressesInsideThemAndComeAndGoLikeAddresses() throws Exception {
        Action action = action(START.plusSeconds(600));
        action.start();
        action.ban(List.of(TestContext.ban("2001:db8:1:2::/64"), TestContext.ban("2001:db8:1:2::5"),
                TestContext.ban("198.51.100.0/24"), TestContext.ban("198.51.100.7")));
        action.ban(List.of(TestContext.ban("2001:db8:1:2::/64")));
        String table = list("table");
        assertThat(table).containsPattern("2001:db8:1:2::/64 timeout 50m expires 4[0-9]m")
                .containsPattern("198\\.51\\.100\\.0/24 timeout 50m expires 4[0-9]m")
                .contains("2001:db8:1:2::5 timeout 50m").contains("198.51.100.7 timeout 50m")
                .contains("flags interval,timeout");

        action.unban(List.of(TestContext.ban("2001:db8:1:2::/64"), TestContext.ban("198.51.100.0/24")));
        action.unban(List.of(TestContext.ban("2001:db8:1:2::/64")));
        table = list("table");
        assertThat(table).doesNotContain("/64").doesNotContain("/24").contains("2001:db8:1:2::5 timeout 50m");
    }

    @Test
    void startingOverTheTwoSetsOfAnEarlierWardenKeepsTheirBansAndAddsTheNetworkSets() throws Exception {
        CommandResult old = inNamespace.run(List.of(NFT.toString(), "-f", "-"), """
                add table inet warden
                add set inet warden ssh-ipv4 { type ipv4_addr; flags timeout; }
                add set inet warden ssh-ipv6 { type ipv6_addr; flags timeout; }
                add chain inet warden input-ssh { type filter hook input priority -10; policy accept; }
                add rule inet warden input-ssh ip saddr @ssh-ipv4 drop
                add rule inet warden input-ssh ip6 saddr @ssh-ipv6 drop
                add element inet warden ssh-ipv4 { 192.0.2.9 timeout 1h }
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertThat(old.succeeded()).as(old.stderr()).isTrue();

        Action action = action(START.plusSeconds(600));
        action.start();
        action.ban(List.of(TestContext.ban("2001:db8:1:2::/64")));

        String table = list("table");
        assertThat(table).contains("192.0.2.9 timeout 1h").contains("2001:db8:1:2::/64 timeout 50m");
        assertThat(table.lines().filter(l -> l.contains("saddr @ssh-ipv")).count()).isEqualTo(4);
    }

    @Test
    void theRealConntrackTakesTheDeletesOfAddressesAndNetworksThatHaveNoConnections() throws Exception {
        Path conntrack = Path.of(NftablesActionFactory.CONNTRACK);
        assumeTrue(Files.isExecutable(conntrack), "needs " + conntrack + " (Debian: apt-get install conntrack)");
        Action action = action(START.plusSeconds(600), Map.of("kill-connections", true));
        action.start();
        action.ban(List.of(TestContext.ban("192.0.2.1"), TestContext.ban("2001:db8:1:2::/64")));
        assertThat(list("table")).contains("2001:db8:1:2::/64");
    }
}
