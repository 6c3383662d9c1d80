package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/** A ban or unban by hand whose pfctl fails: recorded, said so, exit 3 as documented for a failed action. */
class DaemonActionFailureIT extends WithDaemonFixture {

    @BeforeEach
    void setUp() throws Exception {
        f.config(DaemonLifecycleIT.SMTPD);
    }

    @Test
    void aFailingPfctlMakesBanAndUnbanExit3WithTheCommandRecorded() throws Exception {
        try (DaemonProcess d = f.start()) {
            Files.createFile(dir.resolve("fail"));
            WardenProcess.Result ban = f.warden("ban", "smtpd", "198.51.100.7", "--for", "1h");
            assertThat(ban.exitCode()).isEqualTo(3);
            String until = ban.stdout().replaceFirst("(?s)^banned 198\\.51\\.100\\.7 in smtpd until (\\S+)\n$", "$1");
            assertThat(until).doesNotContain(" ").endsWith("Z");
            assertThat(ban.stderr()).isEqualTo("warden ban: ban of 198.51.100.7 recorded until " + until
                    + ", but an action failed (see the daemon's log)\n");
            assertThat(f.warden("bans").stdoutLines()).singleElement().asString()
                    .startsWith("smtpd\t198.51.100.7\t").contains("\t" + until + "\t");
            assertThat(d.stderr()).contains("ERROR [smtpd] action pf could not ban 1 address(es): ")
                    .contains("pfctl: Table does not exist.");

            WardenProcess.Result unban = f.warden("unban", "198.51.100.7");
            assertThat(unban.exitCode()).isEqualTo(3);
            assertThat(unban.stdout()).isEqualTo("unbanned 198.51.100.7 in smtpd\n");
            assertThat(unban.stderr()).isEqualTo("warden unban: unban of 198.51.100.7 recorded, but an action failed"
                    + " (see the daemon's log)\n");
            assertThat(f.warden("bans").stdout()).isEmpty();
            assertThat(f.pfctlCalls()).containsExactly("-t bot -T add 198.51.100.7", "-t bot -T delete 198.51.100.7");
            assertThat(d.stop()).isZero();
        }
    }
}
