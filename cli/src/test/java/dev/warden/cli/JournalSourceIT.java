package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A jail reading the systemd journal of a unit ({@code source: {type: journal, unit: ssh.service}}) through the
 * real journalctl, from a real journal file the test writes ({@link JournalFileWriter}): it bans in run and in
 * scan, reads only its unit, and goes on after the cursor kept in the state.
 */
class JournalSourceIT extends WithDaemonFixture {

    private static final String FAIL_7 = "Failed password for root from 198.51.100.7 port 4000 ssh2";
    private static final String FAIL_8 = "Failed password for root from 198.51.100.8 port 4000 ssh2";

    private JournalFileWriter journal;

    @BeforeEach
    void setUp() throws Exception {
        journal = new JournalFileWriter(dir.resolve("system.journal"));
        f.config("""
                jails:
                  sshd:
                    source: {type: journal, unit: ssh.service, file: JOURNAL}
                    filter: sshd
                    max-retry: 3
                    find-time: 1h
                    ban-time: 1h
                    actions: [{type: pf, table: bot, pfctl: PFCTL}]
                """.replace("JOURNAL", journal.file().toString()));
    }

    @Test
    void theDaemonBansFromItsUnitsEntriesAndGoesOnAfterItsCursor() throws Exception {
        Instant t = DaemonFixture.thisSecond();
        // before the start, in the journal: two failures of .7 by sshd, and three of .8 by another unit that calls
        // itself sshd (any local user can: logger -t sshd), which the unit's jail never reads
        journal.write(t, JournalFileWriter.sshd(101), FAIL_7, FAIL_7);
        journal.write(t, Map.of("SYSLOG_IDENTIFIER", "sshd", "_PID", "666", "_SYSTEMD_UNIT", "user@1000.service"),
                FAIL_8, FAIL_8, FAIL_8);
        try (DaemonProcess d = f.start()) {
            assertThat(f.awaitStatus("\"lines\":2")).contains("\"lines\":2");
            journal.write(t.plusSeconds(1), JournalFileWriter.sshd(102), FAIL_7);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.7");
            assertThat(d.stop()).isZero();
        }
        // the cursor of the last entry read, the sixth of the file (the other unit's three in between), on a
        // line of its own and not among the file positions
        assertThat(f.stateFile()).containsPattern("\ncursor sshd s=[0-9a-f]+;i=6;b=[^ \n]+\n")
                .doesNotContain("\nfile ");
    }

    @Test
    void aRestartReadsNoEntryTwice() throws Exception {
        Instant t = DaemonFixture.thisSecond();
        journal.write(t, JournalFileWriter.sshd(101), FAIL_8, FAIL_8);
        try (DaemonProcess d = f.start()) {
            assertThat(f.awaitStatus("\"lines\":2")).contains("\"lines\":2");
            assertThat(d.stop()).isZero();
        }
        journal.write(t.plusSeconds(1), JournalFileWriter.sshd(102), FAIL_7);
        try (DaemonProcess d = f.start()) {
            // only the new entry is read; the two failures of .8 were counted before and are in the state
            assertThat(f.awaitStatus("\"lines\":1")).contains("\"lines\":1");
            journal.write(t.plusSeconds(2), JournalFileWriter.sshd(103), FAIL_8);
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.8");
            assertThat(f.awaitStatus("\"lines\":2")).contains("\"lines\":2");
            assertThat(d.stop()).isZero();
        }
    }

    @Test
    void aCursorKeptAsAJournalPositionByTheBuildBeforeTheCursorLineIsGoneOnAfter() throws Exception {
        Instant t = DaemonFixture.thisSecond();
        journal.write(t, JournalFileWriter.sshd(101), FAIL_8, FAIL_8);
        try (DaemonProcess d = f.start()) {
            assertThat(f.awaitStatus("\"lines\":2")).contains("\"lines\":2");
            assertThat(d.stop()).isZero();
        }
        // the state as that build wrote it: the cursor as the position of a file named journal:CURSOR (and no
        // previous generation to fall back on, so the state file itself must be read)
        String state = f.stateFile();
        Matcher cursor = Pattern.compile("\ncursor sshd (\\S+)\n").matcher(state);
        assertThat(cursor.find()).as(state).isTrue();
        String body = state.substring(0, state.lastIndexOf("end ")).replace(cursor.group(),
                "\nfile sshd 0:0 0 0/0 journal:" + cursor.group(1) + "\n");
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("state/state"), body + "end " + body.chars().filter(c -> c == '\n').count() + " "
                + String.format("%08x", crc.getValue()) + "\n", StandardCharsets.UTF_8);
        Files.deleteIfExists(dir.resolve("state/state.1"));
        journal.write(t.plusSeconds(1), JournalFileWriter.sshd(102), FAIL_7);
        try (DaemonProcess d = f.start()) {
            assertThat(f.awaitStatus("\"lines\":1")).contains("\"lines\":1");
            journal.write(t.plusSeconds(2), JournalFileWriter.sshd(103), FAIL_8);
            // the third failure of .8 bans it, the first two coming from the state
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot -T add 198.51.100.8");
            // once that entry was read, exactly the two new ones were: the old form was taken up as the cursor
            assertThat(f.warden("status", "--json").stdout()).contains("\"lines\":2");
            assertThat(d.stop()).isZero();
        }
        assertThat(f.stateFile()).as("saved again as a cursor line").containsPattern("\ncursor sshd s=[^ \n]+\n")
                .doesNotContain("journal:");
    }

    @Test
    void aScanReadsTheJournalToItsEndAndBans() throws Exception {
        Instant t = Instant.parse("2026-11-07T10:00:00Z");
        journal.write(t, JournalFileWriter.sshd(101), FAIL_7, FAIL_7, FAIL_7);
        WardenProcess.Result r = f.warden("scan", "--no-state", "--now", "2026-11-07T10:30:00Z");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // the entries' own times: the ban starts at the third failure, 2 µs after the first
        assertThat(r.stdoutLines()).containsExactly("sshd\t198.51.100.7\t3\t2026-11-07T11:00:00Z");
        assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7");
    }
}
