package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dry run changes nothing, in every mode: {@code run --dry-run} and {@code scan --dry-run} never write
 * the live state, so a live run never applies what a dry run decided (issue 11: a dry run's bans used to
 * be saved and re-applied for real by the next live scan, even after the configuration was fixed).
 */
class DryRunIT {

    private static final String JAIL = """
            jails:
              smtpd:
                logs: [maillog]
                filter: opensmtpd
                max-retry: %d
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    @Test
    void whatADryRunDaemonDecidedIsNeverAppliedByALiveScanOrDaemon(@TempDir Path dir) throws Exception {
        try (DaemonFixture fx = DaemonFixture.in(dir)) {
            Instant at = DaemonFixture.thisSecond();
            fx.append("maillog", at,
                    "smtpd[1]: 0000000000000001 smtp connected address=203.0.113.5 host=<unknown>",
                    "smtpd[1]: 0000000000000001 smtp authentication user=admin result=permfail");
            fx.config(JAIL.formatted(1)); // a mistake: one failure bans
            try (DaemonProcess d = fx.start("--dry-run")) {
                assertThat(fx.awaitStatus("\"bansActive\":1")).contains("\"bansActive\":1");
                assertThat(fx.warden("bans").stdout()).contains("203.0.113.5");
                assertThat(d.stop()).isZero();
                assertThat(d.stderr()).contains("would ban 203.0.113.5");
            }
            assertThat(dir.resolve("state")).as("the dry run wrote no state").doesNotExist();

            WardenProcess.Result dryScan = fx.warden("scan", "--dry-run");
            assertThat(dryScan.exitCode()).as(dryScan.stderr()).isZero();
            assertThat(dryScan.stdout()).contains("203.0.113.5");
            assertThat(dir.resolve("state")).as("a dry scan wrote no state").doesNotExist();

            fx.config(JAIL.formatted(10)); // fixed
            WardenProcess.Result live = fx.warden("scan");
            assertThat(live.exitCode()).as(live.stderr()).isZero();
            assertThat(live.stdout()).as("no ban in force").isEmpty();
            assertThat(live.stderr()).doesNotContain("re-applied");
            assertThat(Files.readString(dir.resolve("state/state"))).as("no ban, no ban count")
                    .doesNotContain("\nban ").doesNotContain("\ncount ");
            try (DaemonProcess d = fx.start()) {
                assertThat(fx.awaitStatus("\"lines\":2")).contains("\"bansActive\":0");
                assertThat(d.stop()).isZero();
            }
            assertThat(fx.pfctlCalls()).noneMatch(c -> c.contains("-T add"));
        }
    }
}
