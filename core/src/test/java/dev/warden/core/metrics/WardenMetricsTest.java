package dev.warden.core.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WardenMetricsTest {

    private static JailCounts smtpd(long lines, long auth, long bans, long unbans, int active, long pfFailures) {
        return new JailCounts("smtpd", lines, 1, 7, 2, 3, Map.of("auth", auth), 4, 5, bans, unbans, active, 6,
                pfFailures == 0 ? Map.of() : Map.of("pf", pfFailures), 7);
    }

    @Test
    void countsSinceAJailStartedBecomeCountersThatGoOnAcrossARestart() {
        WardenMetrics m = new WardenMetrics();
        m.update(List.of(smtpd(10, 3, 1, 0, 1, 0)));
        m.update(List.of(smtpd(25, 5, 2, 1, 1, 2)));
        assertThat(m.text()).contains("warden_lines_read_total{jail=\"smtpd\"} 25.0\n")
                .contains("warden_failures_total{jail=\"smtpd\",kind=\"auth\"} 5.0\n")
                .contains("warden_bans_total{jail=\"smtpd\"} 2.0\n")
                .contains("warden_unbans_total{jail=\"smtpd\"} 1.0\n")
                .contains("warden_bans_active{jail=\"smtpd\"} 1.0\n")
                .contains("warden_addresses_tracked{jail=\"smtpd\"} 6.0\n")
                .contains("warden_action_failures_total{action=\"pf\",jail=\"smtpd\"} 2.0\n")
                .contains("warden_lines_withheld_total{jail=\"smtpd\",reason=\"continuation\"} 1.0\n")
                .contains("warden_lines_withheld_total{jail=\"smtpd\",reason=\"unreadable-time\"} 7.0\n")
                .contains("warden_lines_withheld_total{jail=\"smtpd\",reason=\"overlong\"} 2.0\n")
                .contains("warden_lines_withheld_total{jail=\"smtpd\",reason=\"filter-error\"} 3.0\n")
                .contains("warden_failures_ignored_total{jail=\"smtpd\"} 4.0\n")
                .contains("warden_failures_unattributed_total{jail=\"smtpd\"} 5.0\n")
                .contains("warden_log_read_failures_total{jail=\"smtpd\"} 7.0\n");

        m.restarted(); // a reload: the jail counts from zero again
        m.update(List.of(smtpd(4, 1, 0, 0, 1, 0)));
        assertThat(m.text()).contains("warden_lines_read_total{jail=\"smtpd\"} 29.0\n")
                .contains("warden_failures_total{jail=\"smtpd\",kind=\"auth\"} 6.0\n")
                .contains("warden_bans_total{jail=\"smtpd\"} 2.0\n");
    }

    @Test
    void aJailThatIsGoneLosesItsGaugesButKeepsItsCounters() {
        WardenMetrics m = new WardenMetrics();
        m.update(List.of(smtpd(10, 3, 1, 0, 1, 0)));
        m.update(List.of());
        assertThat(m.text()).doesNotContain("warden_bans_active{").doesNotContain("warden_addresses_tracked{")
                .contains("warden_lines_read_total{jail=\"smtpd\"} 10.0\n");
    }

    @Test
    void latenciesGoToTheHistogramAndStateWriteFailuresAreCounted() {
        WardenMetrics m = new WardenMetrics();
        m.banApplied("smtpd", Duration.ofMillis(3));
        m.banApplied("smtpd", Duration.ofMillis(700));
        m.stateWriteFailed();
        assertThat(m.text()).contains("warden_ban_latency_seconds_bucket{jail=\"smtpd\",le=\"0.005\"} 1\n")
                .contains("warden_ban_latency_seconds_bucket{jail=\"smtpd\",le=\"1.0\"} 2\n")
                .contains("warden_ban_latency_seconds_count{jail=\"smtpd\"} 2\n")
                .contains("warden_state_write_failures_total 1.0\n");
    }
}
