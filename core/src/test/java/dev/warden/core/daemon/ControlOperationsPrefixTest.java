package dev.warden.core.daemon;

import dev.warden.core.engine.BanHistory;
import dev.warden.core.log.FileFollower;
import dev.warden.core.net.PrefixLengths;
import dev.warden.core.spi.Ban;
import dev.warden.core.state.WardenState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bans and unbans by hand of networks, and of addresses inside banned networks, in a running engine. */
class ControlOperationsPrefixTest {

    @TempDir
    Path dir;

    private EngineFixture fx;
    private Instant t0;

    @BeforeEach
    void setUp() {
        fx = new EngineFixture(dir);
        t0 = fx.clock.instant();
    }

    private ControlOperations start(JailParts jail) {
        Engine e = new Engine(fx.clock, new BanHistory());
        e.install(Map.of(jail.name(), jail), WardenState.empty(),
                JailSources.follow(FileFollower.Start.BEGINNING, FileFollower.Settings.defaults(fx.clock)));
        e.cycle();
        return new ControlOperations(e);
    }

    @Test
    void anAddressInsideABannedPrefixLiftsThePrefixAndNamesIt() throws Exception {
        fx.prefixes = new PrefixLengths(32, 64);
        fx.fail("maillog", t0, "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2::3");
        ControlOperations ops = start(fx.jail("smtpd", "maillog", 3, Duration.ofHours(1)));
        assertThat(fx.takeCalls()).containsExactly("smtpd ban 2001:db8:1:2::/64");
        assertThat(ops.bans(null)).extracting(b -> b.address().toString()).containsExactly("2001:db8:1:2::/64");

        assertThatThrownBy(() -> ops.unban("2001:db8:1:3::1", null)).hasMessage("2001:db8:1:3::1 is not banned");
        ControlOperations.Done<java.util.List<Ban>> done = ops.unban("2001:db8:1:2::99", null);
        assertThat(done.value()).extracting(b -> b.address().toString()).containsExactly("2001:db8:1:2::/64");
        assertThat(fx.takeCalls()).containsExactly("smtpd unban 2001:db8:1:2::/64");
        assertThat(ops.bans(null)).isEmpty();
    }

    @Test
    void aNetworkIsBannedByHandAsOneEntryWithItsHostBitsCleared() throws Exception {
        ControlOperations ops = start(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1)));
        Ban ban = ops.ban("sshd", " 2001:db8:9::5/48 ", Duration.ofHours(2)).value();
        assertThat(ban.address()).hasToString("2001:db8:9::/48");
        assertThat(fx.takeCalls()).containsExactly("sshd ban 2001:db8:9::/48");
        assertThat(ops.ban("sshd", "2001:db8:9::/48", Duration.ofHours(1)).note())
                .isEqualTo("2001:db8:9::/48 is already banned in sshd until " + ban.end()
                        + ", which is not sooner: kept (unban it first to shorten it)");
        assertThat(ops.ban("sshd", "2001:db8:9::7", Duration.ofHours(1)).value().address())
                .as("an address is banned alone, even inside a banned network").hasToString("2001:db8:9::7");
        fx.takeCalls();
        assertThat(ops.unban("2001:db8:9::/48", null).value()).as("a network lifts the bans inside it too")
                .extracting(b -> b.address().toString()).containsExactlyInAnyOrder("2001:db8:9::/48", "2001:db8:9::7");
    }

    @Test
    void aNetworkHoldingAnIgnoredAddressIsNotBanned() {
        ControlOperations ops = start(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1), 
                dev.warden.core.config.BanTimeIncrement.NONE, "198.51.100.7"));
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.0/24", null))
                .hasMessage("198.51.100.0/24 holds an address on jail sshd's ignore list: not banned");
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.7", null))
                .hasMessage("198.51.100.7 is on jail sshd's ignore list: not banned");
        assertThatThrownBy(() -> ops.ban("sshd", "198.51.100.0/33", null))
                .hasMessage("not an IP address or network: '198.51.100.0/33'");
        assertThat(fx.takeCalls()).isEmpty();
    }

    @Test
    void aJailWhoseActionTakesNoNetworksRefusesOneByHandButNotAnAddress() throws Exception {
        fx.actionTakesNetworks = false;
        ControlOperations ops = start(fx.jail("sshd", "auth.log", 3, Duration.ofHours(1)));
        assertThatThrownBy(() -> ops.ban("sshd", "2001:db8::/64", null))
                .hasMessage("jail sshd's action rec does not take bans of networks: 2001:db8::/64 not banned");
        assertThat(ops.ban("sshd", "2001:db8::1/128", null).value().address()).hasToString("2001:db8::1");
        assertThat(fx.takeCalls()).containsExactly("sshd ban 2001:db8::1");
    }
}
