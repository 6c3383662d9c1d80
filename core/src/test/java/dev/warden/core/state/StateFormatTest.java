package dev.warden.core.state;

import dev.warden.core.log.FileIdentity;
import dev.warden.core.log.FilePosition;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateFormatTest {

    private static final Path FILE = Path.of("/var/db/warden/state");

    @Test
    void richStateRoundTrips() throws Exception {
        WardenState s = States.rich();
        byte[] bytes = StateFormat.write(s);
        assertThat(StateFormat.read(bytes, FILE)).isEqualTo(s);
        assertThat(StateFormat.write(StateFormat.read(bytes, FILE))).isEqualTo(bytes);
    }

    @Test
    void emptyStateRoundTrips() throws Exception {
        byte[] bytes = StateFormat.write(WardenState.empty());
        assertThat(new String(bytes, StandardCharsets.UTF_8)).startsWith("warden-state 5\nend 1 ");
        assertThat(StateFormat.read(bytes, FILE)).isEqualTo(WardenState.empty());
    }

    @Test
    void textIsReadableByAnOperator() {
        String text = new String(StateFormat.write(States.rich()), StandardCharsets.UTF_8);
        assertThat(text.split("\n")).startsWith(
                "warden-state 5",
                "ban smtpd-auth 192.0.2.7 2026-11-07T10:15:30Z 2026-11-12T10:15:30Z 11 automatic",
                "ban sshd 2001:db8::1:0:0:1 2026-11-07T10:15:30.123456789Z 2026-11-07T11:15:30Z 5 automatic",
                "ban manual.jail_1 198.51.100.9 2026-11-07T10:15:30Z 2027-11-07T10:15:30Z 0 manual",
                "count smtpd-auth 192.0.2.7 3 2026-11-12T10:15:30Z",
                "count smtpd-auth 203.0.113.200 1 2026-11-07T10:15:29.999Z",
                "count sshd 2001:db8::1:0:0:1 7",
                "file smtpd-auth 2049:131075 123456789 9f3c00001234abcd/256 /var/log/maillog",
                "file sshd -1:42 0 0/0 /var/log/my logs/mail log ");
        assertThat(text).matches("(?s).*\nend 10 [0-9a-f]{8}\n");
    }

    @Test
    void twoJailsKeepTheirOwnPositionInOneFile() throws Exception {
        FilePosition a = new FilePosition(Path.of("/var/log/authlog"), new FileIdentity(1, 2), 100, 7, 10);
        FilePosition b = new FilePosition(Path.of("/var/log/authlog"), new FileIdentity(1, 2), 250, 7, 10);
        WardenState s = WardenState.empty().withFile(new JailFile("sshd", a)).withFile(new JailFile("sshd-ddos", b))
                .withFile(new JailFile("sshd", new FilePosition(a.path(), a.identity(), 120, 7, 10)));
        WardenState back = StateFormat.read(StateFormat.write(s), FILE);
        assertThat(back).isEqualTo(s);
        assertThat(back.filesOf("sshd")).extracting(FilePosition::offset).containsExactly(120L);
        assertThat(back.filesOf("sshd-ddos")).extracting(FilePosition::offset).containsExactly(250L);
        assertThat(back.filesOf("other")).isEmpty();
    }

    @Test
    void journalCursorsRoundTripAsTheirOwnLinesApartFromFilePositions() throws Exception {
        String cursor = "s=0b5c8a3a5f7e4d6c9a1b2c3d4e5f6a7b;i=1f3;b=9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b;m=4a3b2c1d;"
                + "t=5f3e1a01c0ffee;x=d1c2b3a4e5f60718";
        FilePosition log = new FilePosition(Path.of("/var/log/authlog"), new FileIdentity(1, 2), 100, 7, 10);
        WardenState s = WardenState.empty().withFile(new JailFile("sshd", log))
                .withCursors(Map.of("sshd-journal", cursor, "mail", "s=a;i=2"));
        byte[] bytes = StateFormat.write(s);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\nfile sshd 1:2 100 7/10 /var/log/authlog\ncursor mail s=a;i=2\ncursor sshd-journal "
                + cursor + "\nend 4 ").doesNotContain("journal:");
        WardenState back = StateFormat.read(bytes, FILE);
        assertThat(back).isEqualTo(s);
        assertThat(back.cursorOf("sshd-journal")).isEqualTo(cursor);
        assertThat(back.cursorOf("sshd")).as("a jail following files has no cursor").isNull();
        assertThat(back.filesOf("sshd-journal")).as("a cursor is no file position").isEmpty();
        assertThat(back.files()).extracting(JailFile::jail).containsExactly("sshd");
        assertThat(StateFormat.write(back)).isEqualTo(bytes);
    }

    @Test
    void malformedCursorLinesRejectTheFileNamingTheLine() {
        assertBadLine(5, "cursor sshd", "state:3: want cursor JAIL CURSOR (a cursor has no blank), got 2 fields");
        assertBadLine(5, "cursor sshd s=a; i=1", "state:3: want cursor JAIL CURSOR (a cursor has no blank), got 4");
        assertBadLine(5, "cursor sshd ", "state:3: bad journal cursor (want printable ASCII, no blank): ");
        assertBadLine(5, "cursor sshd s=\u00e9",
                "state:3: bad journal cursor (want printable ASCII, no blank): s=\u00e9");
        assertBadLine(5, "cursor ssh/d s=a", "state:3: bad jail name: ssh/d");
        assertBadLine(5, "cursor sshd s=a;i=1\ncursor sshd s=a;i=2", "state:4: a second journal cursor for sshd");
        assertBadLine(4, "cursor sshd s=a;i=1", "state:3: cursor lines need format 5 or later, the header says 4");
    }

    @Test
    void aCursorKeptAsAJournalPositionByEarlierFormat5BuildsReadsAsThatJailsCursor() throws Exception {
        // as the build before the cursor line wrote it: a position whose path is journal:CURSOR
        byte[] old = withChecksum("""
                warden-state 5
                file sshd-journal 0:0 0 0/0 journal:s=a;i=6;b=f00d
                file sshd 1:2 100 7/10 /var/log/authlog
                """);
        WardenState s = StateFormat.read(old, FILE);
        assertThat(s.cursorOf("sshd-journal")).isEqualTo("s=a;i=6;b=f00d");
        assertThat(s.filesOf("sshd-journal")).as("never a file position").isEmpty();
        assertThat(s.filesOf("sshd")).extracting(p -> p.path().toString()).containsExactly("/var/log/authlog");
        assertThat(s.cursorOf("sshd")).isNull();
        assertThat(new String(StateFormat.write(s), StandardCharsets.UTF_8)).as("the next save writes the cursor line")
                .contains("\ncursor sshd-journal s=a;i=6;b=f00d\n").doesNotContain("journal:");
        assertBadLine(5, "file * 0:0 0 0/0 journal:s=a", "state:3: a journal cursor needs a jail: journal:s=a");
        assertBadLine(5, "file sshd 0:0 0 0/0 journal:s=a i=1", "state:3: bad journal cursor");
        assertBadLine(5, "file sshd 0:0 0 0/0 journal:", "state:3: bad journal cursor");
        assertBadLine(5, "file sshd 0:0 0 0/0 journal:s=a\ncursor sshd s=b",
                "state:4: a second journal cursor for sshd");
    }

    @Test
    void aStateRefusesACursorItCouldNotWrite() {
        assertThatThrownBy(() -> WardenState.empty().withCursors(Map.of("sshd", "s=a i=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not storable");
        assertThatThrownBy(() -> WardenState.empty().withCursors(Map.of("ssh d", "s=a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jail name not storable");
        assertThat(WardenState.empty().withCursors(Map.of("sshd", "s=a")).isEmpty()).isFalse();
    }

    @Test
    void weightedFailuresRoundTrip() throws Exception {
        WardenState s = WardenState.empty().withFailures(List.of(
                new TrackedFailures("smtpd", States.ip("192.0.2.7"), new long[] {10L, 20L, 30L}, new int[] {1000, 500, 0}),
                new TrackedFailures("smtpd", States.ip("192.0.2.8"), new long[] {10L})));
        String text = new String(StateFormat.write(s), StandardCharsets.UTF_8);
        assertThat(text).contains("\nfail smtpd 192.0.2.7 10,20*500,30*0\n").contains("\nfail smtpd 192.0.2.8 10\n");
        assertThat(StateFormat.read(text.getBytes(StandardCharsets.UTF_8), FILE)).isEqualTo(s);
        assertBadLine(2, "fail sshd 192.0.2.3 1*x", "state:3: bad failure time '1*x'");
        assertBadLine(2, "fail sshd 192.0.2.3 1*-5", "state:3: bad failure time '1*-5'");
    }

    @Test
    void filterStatesRoundTripEncoded() throws Exception {
        WardenState s = States.tracking().withFilterStates(Map.of("smtpd-auth",
                "opensmtpd\nmail 5f3e1a01c0ffee01 192.0.2.7 1762510530000\n é ünïcode and spaces ",
                "sshd", ""));
        byte[] bytes = StateFormat.write(s);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\nfilter smtpd-auth b3BlbnNtdHBkCm1haWwg").contains("\nfilter sshd \n");
        assertThat(StateFormat.read(bytes, FILE)).isEqualTo(s);
    }

    @Test
    void malformedFilterLinesRejectTheFile() {
        assertBadLine(2, "filter sshd not*base64", "state:3: filter state is not Base64");
        assertBadLine(2, "filter sshd", "state:3: want 3 space-separated fields");
        assertBadLine(2, "filter sshd YQ\nfilter sshd Yg", "state:4: a second filter line for sshd");
        assertBadLine(1, "filter sshd YQ", "state:3: filter lines need format 2");
    }

    @Test
    void failuresRoundTripAsFailLines() throws Exception {
        WardenState s = States.tracking();
        byte[] bytes = StateFormat.write(s);
        WardenState back = StateFormat.read(bytes, FILE);
        assertThat(back).isEqualTo(s);
        assertThat(back.failures()).hasSize(3);
        assertThat(StateFormat.write(back)).isEqualTo(bytes);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).contains("\nfile smtpd-auth 2049:131075 ")
                .contains("\nfail sshd 2001:db8::1:0:0:1 1762510530000,1762510530000,1762510531000\n"
                        + "fail smtpd-auth 192.0.2.7 1762510530123\n"
                        + "fail sshd 192.0.2.7 0,1,2,9223372036854775807\nend 13 ");
    }

    @Test
    void formatOneFileStillLoadsWithNoFailures() throws Exception {
        byte[] v1 = withChecksum("""
                warden-state 1
                ban sshd 192.0.2.3 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 automatic
                count sshd 192.0.2.3 2
                file 2049:131075 42 9f3c00001234abcd/256 /var/log/authlog
                """);
        WardenState s = StateFormat.read(v1, FILE);
        assertThat(s.formatVersion()).isEqualTo(1);
        assertThat(s.failures()).isEmpty();
        assertThat(s.bans()).singleElement().satisfies(b -> assertThat(b.failures()).isEqualTo(5));
        assertThat(s.banCount("sshd", States.ip("192.0.2.3"))).isEqualTo(2);
        assertThat(s.files()).singleElement().satisfies(f -> {
            assertThat(f.position().offset()).isEqualTo(42);
            assertThat(f.jail()).as("format 1 positions belong to any jail").isEmpty();
        });
        assertThat(s.filesOf("sshd")).hasSize(1);
        String rewritten = new String(StateFormat.write(s), StandardCharsets.UTF_8);
        assertThat(rewritten).startsWith("warden-state 5\nban sshd 192.0.2.3 ");
        WardenState again = StateFormat.read(rewritten.getBytes(StandardCharsets.UTF_8), FILE);
        assertThat(again.formatVersion()).isEqualTo(WardenState.CURRENT_FORMAT);
        assertThat(again.withFailures(List.of())).isEqualTo(WardenState.of(s.bans(), s.banCounts(), s.files()));
    }

    @Test
    void malformedFailLineNamesTheLine() {
        assertBadLine(2, "fail sshd 192.0.2.3 1,x", "state:3: bad failure time 'x'");
        assertBadLine(2, "fail sshd 192.0.2.3 1,,2", "state:3: bad failure time ''");
        assertBadLine(2, "fail sshd 192.0.2.3 ", "state:3: bad failure time ''");
        assertBadLine(2, "fail sshd 192.0.2.3 99999999999999999999", "state:3: bad failure time '99999999999999999999'");
        assertBadLine(2, "fail sshd 192.0.2.3 5,4", "state:3: failure times not ascending for sshd 192.0.2.3: 5 then 4");
        assertBadLine(2, "fail ss/hd 192.0.2.3 1", "state:3: bad jail name: ss/hd");
        assertBadLine(2, "fail sshd 192.0.2.300 1", "state:3: bad address: 192.0.2.300");
        assertBadLine(2, "fail sshd 192.0.2.3", "state:3: want 4 space-separated fields, got 3");
        assertBadLine(2, "fail sshd 192.0.2.3 1, 2", "state:3: want 4 space-separated fields, got 5");
        assertBadLine(2, "fail sshd 192.0.2.3 1\nfail sshd 192.0.2.3 2", "state:4: a second fail line for sshd 192.0.2.3");
        assertBadLine(1, "fail sshd 192.0.2.3 1", "state:3: fail lines need format 2 or later, the header says 1");
    }

    @Test
    void largeStateOfManyFailuresRoundTrips() throws Exception {
        Instant t = Instant.parse("2026-11-07T10:15:30Z");
        List<Ban> bans = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            bans.add(new Ban("jail" + (i % 4), IpAddress.ofIpv4(0xc6330000 + i), t.plusSeconds(i), t.plusSeconds(i + 3600),
                    5, Ban.Origin.AUTOMATIC));
        }
        List<TrackedFailures> failures = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            long[] times = new long[1 + i % 5];
            for (int k = 0; k < times.length; k++) {
                times[k] = 1_762_510_530_000L + i * 1000L + k * 250L;
            }
            IpAddress address = i % 10 == 0 ? IpAddress.ofIpv6(0x20010db800000000L, i) : IpAddress.ofIpv4(0x0a000000 + i);
            failures.add(new TrackedFailures("jail" + (i % 4), address, times));
        }
        WardenState s = WardenState.of(bans, Map.of(), List.of(), failures);
        byte[] bytes = StateFormat.write(s);
        WardenState back = StateFormat.read(bytes, FILE);
        assertThat(back.failures()).hasSize(100_000);
        assertThat(back.bans()).hasSize(10_000);
        assertThat(back).isEqualTo(s);
    }

    @Test
    void truncatedBeforeTheEndLineNamesFileAndLine() {
        byte[] full = StateFormat.write(States.rich());
        String text = new String(full, StandardCharsets.UTF_8);
        int endAt = full.length - text.substring(text.lastIndexOf("end ")).length(); // the end line is ASCII
        // Cut after a complete line: the end line is missing.
        assertThatThrownBy(() -> StateFormat.read(Arrays.copyOf(full, endAt), FILE))
                .isInstanceOf(CorruptStateException.class)
                .hasMessage("/var/db/warden/state:11: truncated: no end line after line 10 (torn write?)");
        // Cut inside a line.
        assertThatThrownBy(() -> StateFormat.read(Arrays.copyOf(full, 40), FILE))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith("/var/db/warden/state:2: truncated");
        // Cut inside the end line.
        assertThatThrownBy(() -> StateFormat.read(Arrays.copyOf(full, full.length - 1), FILE))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith("/var/db/warden/state:11: truncated");
        assertThatThrownBy(() -> StateFormat.read(new byte[0], FILE))
                .isInstanceOf(CorruptStateException.class).hasMessageContaining("state:1: empty file");
    }

    @Test
    void alteredByteIsCaughtByTheChecksum() {
        byte[] bytes = StateFormat.write(States.rich());
        String text = new String(bytes, StandardCharsets.UTF_8);
        bytes[text.indexOf("192.0.2.7") + 8] = '8';
        assertThatThrownBy(() -> StateFormat.read(bytes, FILE))
                .isInstanceOf(CorruptStateException.class)
                .satisfies(e -> assertThat(((CorruptStateException) e).line()).isEqualTo(11))
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void wrongLineCountOnTheEndLineIsCaught() {
        String text = new String(StateFormat.write(WardenState.empty()), StandardCharsets.UTF_8);
        byte[] bad = text.replace("end 1 ", "end 2 ").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StateFormat.read(bad, FILE))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith("/var/db/warden/state:2: end line says 'end 2 ");
    }

    @Test
    void badLineWithAValidChecksumNamesTheLine() {
        assertBadLine("ban sshd 192.0.2.300 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 automatic",
                "state:3: bad address: 192.0.2.300");
        assertBadLine("ban sshd 192.0.2.3 yesterday 2026-11-07T11:15:30Z 5 automatic", "state:3: bad instant");
        assertBadLine("ban sshd 192.0.2.3 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 robot",
                "state:3: origin must be automatic or manual: robot");
        assertBadLine("ban sshd  192.0.2.3 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 manual",
                "state:3: want 7 space-separated fields, got 8");
        assertBadLine("count sshd 192.0.2.3 0", "state:3: ban count must be at least 1");
        assertBadLine("count ss/hd 192.0.2.3 1", "state:3: bad jail name: ss/hd");
        assertBadLine("file 1:2 x 0/0 /var/log/a", "state:3: not a file position");
        assertBadLine(2, "file j 1:2 x 0/0 /var/log/a", "state:3: not a file position");
        assertBadLine(2, "file 1:2 0 0/0 /var/log/a", "state:3: not a file position");
        assertBadLine(2, "file j*k 1:2 0 0/0 /var/log/a", "state:3: jail name not storable");
        assertBadLine("unban sshd 192.0.2.3", "state:3: unknown record: unban sshd 192.0.2.3");
    }

    @Test
    void countLinesWithAndWithoutTheEndOfTheLatestBanRead() throws Exception {
        WardenState s = StateFormat.read(withChecksum("""
                warden-state 2
                count sshd 192.0.2.3 2 2026-11-07T11:15:30Z
                count sshd 192.0.2.4 5
                """), FILE);
        assertThat(s.banCounts().get("sshd")).containsExactlyInAnyOrderEntriesOf(Map.of(
                States.ip("192.0.2.3"), new BanCount(2, Instant.parse("2026-11-07T11:15:30Z")),
                States.ip("192.0.2.4"), new BanCount(5, null)));
        assertThat(new String(StateFormat.write(s), StandardCharsets.UTF_8))
                .as("an unknown end stays unknown, a known one is written back")
                .contains("\ncount sshd 192.0.2.3 2 2026-11-07T11:15:30Z\ncount sshd 192.0.2.4 5\nend 3 ");
    }

    @Test
    void badCountLineNamesTheLine() {
        assertBadLine("count sshd 192.0.2.3 2 last-tuesday", "state:3: bad instant");
        assertBadLine("count sshd 192.0.2.3 2 2026-11-07T11:15:30Z x", "state:3: want 4 or 5 space-separated fields, got 6");
        assertBadLine("count sshd 192.0.2.3", "state:3: want 4 or 5 space-separated fields, got 3");
    }

    @Test
    void networksNeedFormat4() {
        assertBadLine(3, "ban sshd 2001:db8:1:2::/64 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 automatic",
                "state:3: a network (2001:db8:1:2::/64) needs format 4 or later");
        assertBadLine(3, "count sshd 10.0.0.0/8 1", "state:3: a network (10.0.0.0/8) needs format 4 or later");
        assertBadLine(3, "fail sshd 10.0.0.0/8 1", "state:3: a network (10.0.0.0/8) needs format 4 or later");
        assertBadLine(4, "ban sshd 2001:db8:1:2::/129 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 automatic",
                "state:3: bad address: 2001:db8:1:2::/129");
    }

    @Test
    void aNetworkIsOneKeyForCountsAndFailures() {
        assertBadLine(4, "count sshd 2001:db8:1:2::/64 1\ncount sshd 2001:db8:1:2::/64 2",
                "state:4: a second count for sshd 2001:db8:1:2::/64");
        assertBadLine(4, "fail sshd 2001:db8:1:2::/64 1\nfail sshd 2001:db8:1:2::/64 2",
                "state:4: a second fail line for sshd 2001:db8:1:2::/64");
    }

    @Test
    void duplicateCountIsRejected() {
        assertBadLine("count sshd 192.0.2.3 1\ncount sshd 192.0.2.3 2", "state:4: a second count for sshd 192.0.2.3");
    }

    @Test
    void newerOrForeignFormatIsRejectedAtLineOne() {
        assertThatThrownBy(() -> StateFormat.read(withChecksum("warden-state 6\n"), FILE))
                .hasMessageStartingWith("/var/db/warden/state:1: format version 6 is not readable");
        assertThatThrownBy(() -> StateFormat.read(withChecksum("something else\n"), FILE))
                .hasMessageStartingWith("/var/db/warden/state:1: not a Warden state file");
    }

    @Test
    void invalidUtf8AndTrailingDataAreRejected() {
        byte[] bad = withChecksum("warden-state 1\nfile 1:2 0 0/0 /x\n");
        bad[bad.length - 20] = (byte) 0xff;
        assertThatThrownBy(() -> StateFormat.read(bad, FILE)).isInstanceOf(CorruptStateException.class);
        byte[] good = withChecksum("warden-state 1\n");
        byte[] extra = Arrays.copyOf(good, good.length + 2);
        extra[good.length] = 'x';
        extra[good.length + 1] = '\n';
        assertThatThrownBy(() -> StateFormat.read(extra, FILE)).hasMessageEndingWith("state:3: data after the end line");
    }

    private static void assertBadLine(String lines, String expected) {
        assertBadLine(1, lines, expected);
    }

    /** {@code lines} after a header of {@code version} and one good ban line (line 2) must be rejected. */
    private static void assertBadLine(int version, String lines, String expected) {
        byte[] bytes = withChecksum("warden-state " + version + "\nban sshd 192.0.2.3 2026-11-07T10:15:30Z 2026-11-07T11:15:30Z 5 automatic\n"
                + lines + "\n");
        assertThatThrownBy(() -> StateFormat.read(bytes, FILE))
                .isInstanceOf(CorruptStateException.class)
                .hasMessageContaining(expected);
    }

    /** {@code body} followed by a correct end line, as if an operator had fixed the checksum by hand. */
    static byte[] withChecksum(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        long lines = body.chars().filter(c -> c == '\n').count();
        return (body + "end " + lines + " " + StateFormat.crcText(b, b.length) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
