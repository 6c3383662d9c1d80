package dev.warden.core.fleet;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The remote bans a node holds and what each delivery changes in its firewall. */
class RemoteBansTest {

    private static final Instant T = Instant.parse("2026-12-06T12:00:00Z");
    private static final IpAddress IGNORED = IpAddress.parse("10.0.0.1").orElseThrow();

    private static FleetEntry entry(FleetEntry.Op op, String address, String node, long endSeconds) {
        return new FleetEntry(op, IpAddress.parse(address).orElseThrow(), "sshd", node, T, T.plusSeconds(endSeconds), 3);
    }

    private static FleetFollower.Delivery delivery(FleetEntry... entries) {
        return new FleetFollower.Delivery(List.of(entries), "1-0", false, 0);
    }

    private final RemoteBans bans = new RemoteBans(IGNORED::equals, 3);

    @Test
    void anAddressIsAppliedAtItsFirstBanAndLiftedAtItsLast() {
        FleetEntry fromA = entry(FleetEntry.Op.BAN, "192.0.2.1", "a", 60);
        FleetEntry fromB = entry(FleetEntry.Op.BAN, "192.0.2.1", "b", 120);
        RemoteBans.Change c = bans.accept(delivery(fromA, fromB, fromA), T);
        assertThat(c.apply()).containsExactly(fromA);
        assertThat(c.lift()).isEmpty();
        assertThat(bans.nextEnd()).isEqualTo(T.plusSeconds(60));
        assertThat(bans.liftEnded(T.plusSeconds(60))).isEmpty(); // b's ban still holds it
        assertThat(bans.accept(delivery(entry(FleetEntry.Op.UNBAN, "192.0.2.1", "b", 120)), T).lift())
                .containsExactly(fromB);
        assertThat(bans.held()).isEmpty();
        assertThat(bans.nextEnd()).isNull();
    }

    @Test
    void endedIgnoredAndOverTheCapAreNotApplied() {
        RemoteBans.Change c = bans.accept(delivery(entry(FleetEntry.Op.BAN, "192.0.2.1", "a", 60),
                entry(FleetEntry.Op.BAN, "10.0.0.1", "a", 60), entry(FleetEntry.Op.BAN, "192.0.2.2", "a", 60),
                entry(FleetEntry.Op.BAN, "192.0.2.3", "a", 60), entry(FleetEntry.Op.BAN, "192.0.2.4", "a", 60)),
                T.plusSeconds(0));
        assertThat(c.apply()).extracting(e -> e.address().toString())
                .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
        assertThat(bans.ignored()).isEqualTo(1);
        assertThat(bans.overCap()).isEqualTo(1);
        assertThat(bans.accept(delivery(entry(FleetEntry.Op.BAN, "192.0.2.9", "a", 60)), T.plusSeconds(60)).apply())
                .isEmpty(); // ended when it arrives
    }

    @Test
    void aLaterBanOfTheSameKeyMovesItsEndAndTheEarlierEndLiftsNothing() {
        bans.accept(delivery(entry(FleetEntry.Op.BAN, "192.0.2.1", "a", 60)), T);
        RemoteBans.Change longer = bans.accept(delivery(entry(FleetEntry.Op.BAN, "192.0.2.1", "a", 600)), T);
        assertThat(longer.apply()).isEmpty(); // already in the firewall
        assertThat(bans.liftEnded(T.plusSeconds(60))).isEmpty();
        assertThat(bans.nextEnd()).isEqualTo(T.plusSeconds(600));
        assertThat(bans.liftEnded(T.plusSeconds(600))).extracting(FleetEntry::end).containsExactly(T.plusSeconds(600));
    }

    @Test
    void anUnbanOfABanNotHeldLiftsNothing() {
        assertThat(bans.accept(delivery(entry(FleetEntry.Op.UNBAN, "192.0.2.1", "a", 60)), T).lift()).isEmpty();
    }

    @Test
    void restoreHoldsTheBansInForceAddingEachAddressOnceAndLiftsTheEndedAndTheNowIgnored() {
        FleetEntry inForceA = entry(FleetEntry.Op.BAN, "192.0.2.1", "a", 600);
        FleetEntry inForceB = entry(FleetEntry.Op.BAN, "192.0.2.1", "b", 900);
        FleetEntry ended = entry(FleetEntry.Op.BAN, "192.0.2.2", "a", 30);
        FleetEntry endedButHeldOtherwise = entry(FleetEntry.Op.BAN, "192.0.2.1", "c", 30);
        FleetEntry nowIgnored = entry(FleetEntry.Op.BAN, "10.0.0.1", "a", 600);
        RemoteBans.Change c = bans.restore(List.of(inForceA, ended, inForceB, endedButHeldOtherwise, nowIgnored),
                T.plusSeconds(60));
        assertThat(c.apply()).containsExactly(inForceA);
        assertThat(c.lift()).containsExactly(ended, nowIgnored);
        assertThat(bans.held()).containsExactlyInAnyOrder(inForceA, inForceB);
        assertThat(bans.holds(IpAddress.parse("192.0.2.1").orElseThrow())).isTrue();
        assertThat(bans.holds(IpAddress.parse("192.0.2.2").orElseThrow())).isFalse();
        // An entry read again after a crash changes nothing: the ban is held once.
        assertThat(bans.accept(delivery(inForceA), T.plusSeconds(60)).apply()).isEmpty();
        assertThat(bans.size()).isEqualTo(2);
    }
}
