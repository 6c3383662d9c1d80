package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

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
        // the cursor of the last entry read, the sixth of the file (the other unit's three in between)
        assertThat(f.stateFile()).containsPattern("\nfile sshd 0:0 0 0/0 journal:s=[0-9a-f]+;i=6;b=[^ \n]+\n");
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
