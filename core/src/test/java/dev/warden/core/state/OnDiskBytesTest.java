package dev.warden.core.state;

import dev.warden.core.fleet.FleetEntry;
import dev.warden.core.spi.Ban;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.warden.core.state.States.ip;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exact bytes of the state file and of the ban journal, and a state directory as the Warden before
 * the shared framing wrote it. The texts below were written by that code (commit cc627b7) and their
 * CRC32C values checked with an independent implementation: a change here is a change of the on-disk
 * format, which needs a new format version.
 */
class OnDiskBytesTest {

    private static final Instant T = Instant.parse("2026-11-27T21:00:00Z");
    private static final String CURSOR = "s=0b5c8a3a5f7e4d6c;i=1f3;b=9e8d7c6b5a4f3e2d;m=4a3b2c1d;t=5f3e1a01c0ffee;"
            + "x=d1c2b3a4e5f60718";

    /**
     * Every kind of line: both origins, IPv6, networks (format 4), nanoseconds, counts with and without an end,
     * odd paths, weights, filter states, the fleet's position (a stream name with spaces), remote bans held and
     * entries waiting, a journal's cursor (format 5).
     */
    private static final String STATE = """
            warden-state 5
            ban smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            ban sshd 2001:db8::1:0:0:1 2026-11-07T10:15:30.123456789Z 2026-11-07T11:15:30Z 5 automatic
            ban manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0 manual
            ban smtpd-auth 2001:db8:1:2::/64 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            count smtpd-auth 192.0.2.7 3 2026-11-12T10:15:30Z
            count smtpd-auth 203.0.113.200 1 2026-11-07T10:15:29.999Z
            count smtpd-auth 2001:db8:1:2::/64 1 2026-11-12T10:15:30Z
            count sshd 2001:db8::1:0:0:1 7
            file smtpd-auth 2049:131075 123456789 9f3c00001234abcd/256 /var/log/maillog
            file sshd -1:42 0 0/0 /var/log/my logs/mail log\s
            file manual.jail_1 0:0 7 ffffffffffffffff/12 /tmp/odd\\\\name\\nwith newline é
            cursor ssh.journal s=0b5c8a3a5f7e4d6c;i=1f3;b=9e8d7c6b5a4f3e2d;m=4a3b2c1d;t=5f3e1a01c0ffee;x=d1c2b3a4e5f60718
            fail sshd 2001:db8::1:0:0:1 1762510530000,1762510530000,1762510531000
            fail smtpd-auth 192.0.2.7 10,20*500,30*0
            fail smtpd-auth 198.51.100.0/24 40
            filter smtpd-auth b3BlbnNtdHBkCm1haWwgNWYzZTFhMDFjMGZmZWUwMSAxOTIuMC4yLjcgMTc2MjUxMDUzMDAwMAogw6k
            filter sshd\s
            fleet-position 1764968130000-3 warden:bans of mx
            fleet-held mx2 smtpd-auth 203.0.113.9 2026-11-07T10:15:30Z 2026-11-07T12:15:30Z 4
            fleet-held mx-3 sshd 2001:db8:9::/64 2026-11-07T10:15:30.123Z 2026-11-08T10:15:30Z 0
            fleet-waiting ban mx1 smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11
            fleet-waiting unban mx1 manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0
            end 23 26d2648d
            """;

    /**
     * {@link #STATE} as format 5 was written before the {@code cursor} line (commit 0ac196a): the journal's cursor
     * kept as a file position whose path is {@code journal:CURSOR}. Such a file must still read, as the cursor.
     */
    private static final String STATE_5_JOURNAL_POSITION = """
            warden-state 5
            ban smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            ban sshd 2001:db8::1:0:0:1 2026-11-07T10:15:30.123456789Z 2026-11-07T11:15:30Z 5 automatic
            ban manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0 manual
            ban smtpd-auth 2001:db8:1:2::/64 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            count smtpd-auth 192.0.2.7 3 2026-11-12T10:15:30Z
            count smtpd-auth 203.0.113.200 1 2026-11-07T10:15:29.999Z
            count smtpd-auth 2001:db8:1:2::/64 1 2026-11-12T10:15:30Z
            count sshd 2001:db8::1:0:0:1 7
            file smtpd-auth 2049:131075 123456789 9f3c00001234abcd/256 /var/log/maillog
            file sshd -1:42 0 0/0 /var/log/my logs/mail log\s
            file manual.jail_1 0:0 7 ffffffffffffffff/12 /tmp/odd\\\\name\\nwith newline é
            file ssh.journal 0:0 0 0/0 journal:s=0b5c8a3a5f7e4d6c;i=1f3;b=9e8d7c6b5a4f3e2d;m=4a3b2c1d;t=5f3e1a01c0ffee;x=d1c2b3a4e5f60718
            fail sshd 2001:db8::1:0:0:1 1762510530000,1762510530000,1762510531000
            fail smtpd-auth 192.0.2.7 10,20*500,30*0
            fail smtpd-auth 198.51.100.0/24 40
            filter smtpd-auth b3BlbnNtdHBkCm1haWwgNWYzZTFhMDFjMGZmZWUwMSAxOTIuMC4yLjcgMTc2MjUxMDUzMDAwMAogw6k
            filter sshd\s
            fleet-position 1764968130000-3 warden:bans of mx
            fleet-held mx2 smtpd-auth 203.0.113.9 2026-11-07T10:15:30Z 2026-11-07T12:15:30Z 4
            fleet-held mx-3 sshd 2001:db8:9::/64 2026-11-07T10:15:30.123Z 2026-11-08T10:15:30Z 0
            fleet-waiting ban mx1 smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11
            fleet-waiting unban mx1 manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0
            end 23 a6773380
            """;

    /** {@link #STATE} as format 4 wrote it, before the fleet's lines: every such file must still read. */
    private static final String STATE_4 = """
            warden-state 4
            ban smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            ban sshd 2001:db8::1:0:0:1 2026-11-07T10:15:30.123456789Z 2026-11-07T11:15:30Z 5 automatic
            ban manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0 manual
            ban smtpd-auth 2001:db8:1:2::/64 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            count smtpd-auth 192.0.2.7 3 2026-11-12T10:15:30Z
            count smtpd-auth 203.0.113.200 1 2026-11-07T10:15:29.999Z
            count smtpd-auth 2001:db8:1:2::/64 1 2026-11-12T10:15:30Z
            count sshd 2001:db8::1:0:0:1 7
            file smtpd-auth 2049:131075 123456789 9f3c00001234abcd/256 /var/log/maillog
            file sshd -1:42 0 0/0 /var/log/my logs/mail log\s
            file manual.jail_1 0:0 7 ffffffffffffffff/12 /tmp/odd\\\\name\\nwith newline é
            fail sshd 2001:db8::1:0:0:1 1762510530000,1762510530000,1762510531000
            fail smtpd-auth 192.0.2.7 10,20*500,30*0
            fail smtpd-auth 198.51.100.0/24 40
            filter smtpd-auth b3BlbnNtdHBkCm1haWwgNWYzZTFhMDFjMGZmZWUwMSAxOTIuMC4yLjcgMTc2MjUxMDUzMDAwMAogw6k
            filter sshd\s
            end 17 bb96c259
            """;

    /** {@link #STATE} as format 3 wrote it, before networks: every such file must still read. */
    private static final String STATE_3 = """
            warden-state 3
            ban smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic
            ban sshd 2001:db8::1:0:0:1 2026-11-07T10:15:30.123456789Z 2026-11-07T11:15:30Z 5 automatic
            ban manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0 manual
            count smtpd-auth 192.0.2.7 3 2026-11-12T10:15:30Z
            count smtpd-auth 203.0.113.200 1 2026-11-07T10:15:29.999Z
            count sshd 2001:db8::1:0:0:1 7
            file smtpd-auth 2049:131075 123456789 9f3c00001234abcd/256 /var/log/maillog
            file sshd -1:42 0 0/0 /var/log/my logs/mail log\s
            file manual.jail_1 0:0 7 ffffffffffffffff/12 /tmp/odd\\\\name\\nwith newline é
            fail sshd 2001:db8::1:0:0:1 1762510530000,1762510530000,1762510531000
            fail smtpd-auth 192.0.2.7 10,20*500,30*0
            filter smtpd-auth b3BlbnNtdHBkCm1haWwgNWYzZTFhMDFjMGZmZWUwMSAxOTIuMC4yLjcgMTc2MjUxMDUzMDAwMAogw6k
            filter sshd\s
            end 14 64a27bf4
            """;

    /**
     * A journal continuing {@link #STATE_3} (its CRC32C is 06b1518e): a block of two bans, one of one, one of a
     * network ban.
     */
    private static final String JOURNAL = """
            warden-journal 1 after 06b1518e
            ban sshd 2001:db8::1 2026-11-27T21:00:00Z 2026-11-27T21:10:00Z 5 automatic
            ban smtpd-auth 192.0.2.7 2026-11-27T21:00:00.001500Z 2026-11-27T22:00:00Z 11 automatic
            commit 2 9e8f9f46
            ban manual.jail_1 198.51.100.9 2026-11-27T21:00:00Z 2026-11-28T21:00:00Z 0 manual
            commit 1 42cf0fad
            ban smtpd-auth 2001:db8:1:2::/64 2026-11-27T21:00:00Z 2026-11-28T21:00:00Z 3 automatic
            commit 1 8d95de3d
            """;

    @TempDir
    Path dir;

    /** What {@link #STATE_3} holds. */
    private static WardenState everyKindOfLineBeforeNetworks() {
        return States.rich().withFailures(List.of(
                        new TrackedFailures("sshd", ip("2001:db8::1:0:0:1"),
                                new long[] {1762510530000L, 1762510530000L, 1762510531000L}),
                        new TrackedFailures("smtpd-auth", ip("192.0.2.7"), new long[] {10L, 20L, 30L},
                                new int[] {1000, 500, 0})))
                .withFilterStates(Map.of("smtpd-auth", "opensmtpd\nmail 5f3e1a01c0ffee01 192.0.2.7 1762510530000\n é",
                        "sshd", ""));
    }

    /** What {@link #STATE_4} holds. */
    private static WardenState everyKindOfLineBeforeFleet() {
        WardenState before = everyKindOfLineBeforeNetworks();
        Instant t = Instant.parse("2026-11-07T10:15:30Z");
        List<TrackedFailures> failures = new java.util.ArrayList<>(before.failures());
        failures.add(new TrackedFailures("smtpd-auth", ip("198.51.100.0/24"), new long[] {40L}));
        return before.withBan(new Ban("smtpd-auth", ip("2001:db8:1:2::/64"), t, t.plusSeconds(5 * 86400), 11,
                        Ban.Origin.AUTOMATIC))
                .withBanCount("smtpd-auth", ip("2001:db8:1:2::/64"), new BanCount(1, t.plusSeconds(5 * 86400)))
                .withFailures(failures);
    }

    private static Ban networkBan() {
        return new Ban("smtpd-auth", ip("2001:db8:1:2::/64"), T, T.plusSeconds(86400), 3, Ban.Origin.AUTOMATIC);
    }

    private static Ban ipv6Ban() {
        return new Ban("sshd", ip("2001:db8::1"), T, T.plusSeconds(600), 5, Ban.Origin.AUTOMATIC);
    }

    private static Ban manualBan() {
        return new Ban("manual.jail_1", ip("198.51.100.9"), T, T.plusSeconds(86400), 0, Ban.Origin.MANUAL);
    }

    /** What {@link #STATE} holds. */
    private static WardenState everyKindOfLine() {
        Instant t = Instant.parse("2026-11-07T10:15:30Z");
        return everyKindOfLineBeforeFleet().withCursors(Map.of("ssh.journal", CURSOR)).withFleet(new FleetState("warden:bans of mx", "1764968130000-3", List.of(
                new FleetEntry(FleetEntry.Op.BAN, ip("203.0.113.9"), "smtpd-auth", "mx2", t, t.plusSeconds(7200), 4),
                new FleetEntry(FleetEntry.Op.BAN, ip("2001:db8:9::/64"), "sshd", "mx-3", t.plusMillis(123),
                        t.plusSeconds(86400), 0)), List.of(
                new FleetEntry(FleetEntry.Op.BAN, ip("192.0.2.7"), "smtpd-auth", "mx1", t, t.plusSeconds(5 * 86400), 11),
                new FleetEntry(FleetEntry.Op.UNBAN, ip("198.51.100.9"), "manual.jail_1", "mx1", t,
                        t.plusSeconds(365 * 86400), 0))));
    }

    @Test
    void aFormat4FileStillReadsAsItWasWrittenWithNoFleet() throws Exception {
        WardenState read = StateFormat.read(STATE_4.getBytes(StandardCharsets.UTF_8), Path.of("state"));
        assertThat(read.formatVersion()).isEqualTo(4);
        assertThat(read.fleet()).isEqualTo(FleetState.NONE);
        assertThat(read).usingRecursiveComparison().ignoringFields("formatVersion")
                .isEqualTo(everyKindOfLineBeforeFleet());
        assertThat(text(StateFormat.write(read))).as("the next save writes format 5").startsWith("warden-state 5\n")
                .contains(STATE_4.substring(STATE_4.indexOf('\n'), STATE_4.indexOf("\nend ")));
    }

    @Test
    void aFleetLineInAFormat4FileIsRejected() {
        String fourWithFleet = "warden-state 4\nfleet-position 1-0 warden:bans\n";
        byte[] bytes = (fourWithFleet + "end 2 " + Frame.checksum(fourWithFleet.getBytes(StandardCharsets.UTF_8), 0,
                fourWithFleet.length()) + "\n").getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StateFormat.read(bytes, Path.of("state")))
                .hasMessage("state:2: fleet lines need format 5 or later, the header says 4");
    }

    @Test
    void theStateFileIsWrittenAndReadByteForByteAsBefore() throws Exception {
        byte[] expected = STATE.getBytes(StandardCharsets.UTF_8);
        assertThat(new String(StateFormat.write(everyKindOfLine()), StandardCharsets.UTF_8)).isEqualTo(STATE);
        assertThat(StateFormat.write(everyKindOfLine())).isEqualTo(expected);
        assertThat(StateFormat.read(expected, Path.of("state"))).isEqualTo(everyKindOfLine());
    }

    @Test
    void aFormat5FileWithTheCursorAsAJournalPositionReadsItAsTheCursorAndIsRewrittenWithTheCursorLine()
            throws Exception {
        WardenState read = StateFormat.read(STATE_5_JOURNAL_POSITION.getBytes(StandardCharsets.UTF_8),
                Path.of("state"));
        assertThat(read).isEqualTo(everyKindOfLine());
        assertThat(read.filesOf("ssh.journal")).isEmpty();
        assertThat(text(StateFormat.write(read))).isEqualTo(STATE);
    }

    @Test
    void aFormat3FileStillReadsAsItWasWritten() throws Exception {
        WardenState read = StateFormat.read(STATE_3.getBytes(StandardCharsets.UTF_8), Path.of("state"));
        assertThat(read.formatVersion()).isEqualTo(3);
        assertThat(read).usingRecursiveComparison().ignoringFields("formatVersion")
                .isEqualTo(everyKindOfLineBeforeNetworks());
    }

    @Test
    void theJournalIsWrittenAndReadByteForByteAsBefore() {
        Ban second = new Ban("smtpd-auth", ip("192.0.2.7"), T.plusNanos(1_500_000), T.plusSeconds(3600), 11,
                Ban.Origin.AUTOMATIC);
        String snapshot = BanJournal.snapshotId(STATE_3.getBytes(StandardCharsets.UTF_8));
        assertThat(snapshot).isEqualTo("06b1518e");
        String written = text(BanJournal.header(snapshot)) + text(BanJournal.block(List.of(ipv6Ban(), second)))
                + text(BanJournal.block(List.of(manualBan()))) + text(BanJournal.block(List.of(networkBan())));
        assertThat(written).isEqualTo(JOURNAL);
        BanJournal.Contents read = BanJournal.read(JOURNAL.getBytes(StandardCharsets.UTF_8));
        assertThat(read.after()).isEqualTo("06b1518e");
        assertThat(read.bans()).containsExactly(ipv6Ban(), second, manualBan(), networkBan());
        assertThat(read.problem()).isNull();
    }

    @Test
    void aStateDirectoryWrittenByTheEarlierCodeLoadsWithItsJournalAndItsTornBlock() throws Exception {
        Files.writeString(dir.resolve("state"), """
                warden-state 3
                ban sshd 192.0.2.3 2026-11-27T21:00:00Z 2026-11-27T22:00:00Z 5 automatic
                count sshd 192.0.2.3 2 2026-11-27T22:00:00Z
                end 3 4f0087a5
                """);
        Files.writeString(dir.resolve("journal"), """
                warden-journal 1 after 232925a6
                ban sshd 2001:db8::1 2026-11-27T21:00:00Z 2026-11-27T21:10:00Z 5 automatic
                commit 1 5907883d
                ban sshd 192.0.2.3 2026-11-27T23:00:00Z 2026-11-28T01:00:00Z 6 automatic
                ban manual.jail_1 198.51.100.9 2026-11-27T21:00:00Z 2026-11-28T21:00:00Z 0 manual
                commit 2 1a956cac
                ban sshd 203.0.113.5 2026-11-27T21:00:00Z 2026-11-27T22:00:00Z 5 automatic
                ban sshd 203.0.113.6 2026-11-27T2""");
        try (StateStore store = StateStore.open(dir)) {
            LoadedState loaded = store.loadDetailed();
            assertThat(loaded.journaled()).isEqualTo(3);
            assertThat(loaded.warnings()).containsExactly(dir.resolve("journal") + ": a block torn by a crash (no commit"
                    + " line): 1+ ban(s) dropped (bans are journaled before they are applied, so those were never applied)");
            // What the earlier code saved after this load, byte for byte, now as format 5.
            assertThat(text(StateFormat.write(loaded.state()))).isEqualTo("""
                    warden-state 5
                    ban sshd 2001:db8::1 2026-11-27T21:00:00Z 2026-11-27T21:10:00Z 5 automatic
                    ban sshd 192.0.2.3 2026-11-27T23:00:00Z 2026-11-28T01:00:00Z 6 automatic
                    ban manual.jail_1 198.51.100.9 2026-11-27T21:00:00Z 2026-11-28T21:00:00Z 0 manual
                    count manual.jail_1 198.51.100.9 1 2026-11-28T21:00:00Z
                    count sshd 192.0.2.3 3 2026-11-28T01:00:00Z
                    count sshd 2001:db8::1 1 2026-11-27T21:10:00Z
                    end 7 54d2a19a
                    """);
            assertThat(loaded.state().bans()).containsExactly(ipv6Ban(),
                    new Ban("sshd", ip("192.0.2.3"), T.plusSeconds(7200), T.plusSeconds(14400), 6, Ban.Origin.AUTOMATIC),
                    manualBan());
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
