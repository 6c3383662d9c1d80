package dev.warden.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigIssueTest {

    @Test
    void printsLikeACompiler() {
        ConfigIssue issue = ConfigIssue.error("/etc/warden/warden.yaml", 7, "jails.smtpd-auth.max-retry",
                "expected a whole number, got \"ten\"");
        assertThat(issue).hasToString(
                "/etc/warden/warden.yaml:7: jails.smtpd-auth.max-retry: expected a whole number, got \"ten\"");
    }

    @Test
    void leavesOutUnknownLineAndEmptyPathAndMarksWarnings() {
        assertThat(ConfigIssue.error("/w.yaml", 0, "", "file not found")).hasToString("/w.yaml: file not found");
        assertThat(ConfigIssue.warning("/w.yaml", 3, "jails.a.logs[0]", "log file not found"))
                .hasToString("/w.yaml:3: jails.a.logs[0]: warning: log file not found");
    }

    @Test
    void rejectsNegativeLines() {
        assertThatThrownBy(() -> ConfigIssue.error("f", -1, "", "m")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resultSeparatesErrorsFromWarnings() {
        ConfigIssue warning = ConfigIssue.warning("f", 1, "", "w");
        ConfigIssue error = ConfigIssue.error("f", 2, "", "e");
        ConfigResult<String> ok = ConfigResult.of("v", List.of(warning));
        assertThat(ok.hasErrors()).isFalse();
        assertThat(ok.value()).contains("v");
        ConfigResult<String> failed = ConfigResult.failed(List.of(warning, error));
        assertThat(failed.hasErrors()).isTrue();
        assertThat(failed.errors()).containsExactly(error);
        assertThat(failed.issues()).containsExactly(warning, error);
        assertThat(failed.value()).isEmpty();
    }
}
