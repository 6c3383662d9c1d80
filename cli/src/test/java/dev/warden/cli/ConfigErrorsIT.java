package dev.warden.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad configuration files: exit 2, nothing runs, and each message names the file, line and key. */
class ConfigErrorsIT {

    private static final String GOOD = """
            ignore: [127.0.0.0/8]
            jails:
              smtpd-auth:
                logs: [maillog]
                filter: opensmtpd
                max-retry: 11
                find-time: 1d
                ban-time: 5d
                actions:
                  - type: pf
                    table: bot
                    pfctl: PFCTL
            """;

    /** Each row: the text to replace in GOOD, its replacement, the expected line, YAML path and message part. */
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', value = {
            "    max-retry: 11|    max-retrys: 11|6|jails.smtpd-auth.max-retrys|max-retry",
            "    max-retry: 11|    max-retry: ten|6|jails.smtpd-auth.max-retry|whole number",
            "    ban-time: 5d|    ban-time: 5 days|8|jails.smtpd-auth.ban-time|duration",
            "ignore: [127.0.0.0/8]|ignore: [127.0.0.0/33]|1|ignore[0]|127.0.0.0/33",
            "    filter: opensmtpd|    filter: opensmptd|5|jails.smtpd-auth.filter|opensmtpd",
            "      - type: pf|      - type: pfx|10|jails.smtpd-auth.actions[0].type|pfx",
            "        table: bot|        tabel: bot|11|jails.smtpd-auth.actions[0].tabel|table",
    })
    void eachErrorNamesFileLineAndKey(String from, String to, int line, String path, String part,
                                      @TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), "");
        Path pfctl = WardenProcess.fakePfctl(dir);
        String text = GOOD.replace("PFCTL", pfctl.toString());
        assertThat(text).contains(from);
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, text.replace(from, to));
        for (String cmd : new String[] {"validate", "scan"}) {
            WardenProcess.Result r = WardenProcess.run(dir, cmd, "-c", cfg.toString());
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).contains(cfg + ":" + line + ": " + path + ": ").contains(part);
            assertThat(r.stdout()).isEmpty();
            assertThat(WardenProcess.pfctlCalls(dir)).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void allErrorsAreReportedAtOnce(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                ignore: [not_an_address]
                jails:
                  a:
                    logs: [missing.log]
                    filter: nosuchfilter
                    max-retry: 0
                    find-time: soon
                    actions: [nosuchaction]
                """);
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(cfg + ":1: ignore[0]: ").contains(cfg + ":4: jails.a.logs[0]: ")
                .contains(cfg + ":5: jails.a.filter: ").contains(cfg + ":6: jails.a.max-retry: ")
                .contains(cfg + ":7: jails.a.find-time: ").contains(cfg + ":8: jails.a.actions[0]");
    }

    @org.junit.jupiter.api.Test
    void aJailsOwnErrorsDoNotHideItsPluginsErrorsOrTheWarnings(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), "");
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                jails:
                  a:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 0
                    find-time: 30s
                    actions: [{type: pf, table: "no such table", pfctl: /nonexistent/pfctl}]
                """);
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("error: " + cfg + ":5: jails.a.max-retry: must be between 1")
                .contains("error: " + cfg + ":7: jails.a.actions[0].table: 'no such table' is not a pf table name")
                .contains(cfg + ":7: jails.a.actions[0].pfctl: warning: /nonexistent/pfctl does not exist on this host")
                .contains(cfg + ":6: jails.a.find-time: warning: find-time 30s is shorter than a minute")
                .doesNotContain("ban-time: warning");
    }

    @org.junit.jupiter.api.Test
    void aTabIsReportedAtItsOwnLine(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, "jails:\n  a:\n    logs: [x]\n\tfilter: opensmtpd\n");
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("error: " + cfg + ":4: invalid YAML: a tab character where YAML allows"
                + " only spaces (indent with spaces)\n");
    }

    @org.junit.jupiter.api.Test
    void yamlSyntaxErrorAndMissingFile(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, "jails:\n  a:\n    logs: [x\n    filter: y\n");
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains(cfg.toString() + ":");
        WardenProcess.Result missing = WardenProcess.run(dir, "validate", "-c", dir.resolve("none.yaml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).contains("none.yaml");
    }

    @org.junit.jupiter.api.Test
    void validConfigValidates(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("maillog"), "");
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, GOOD.replace("PFCTL", "/sbin/pfctl"));
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("OK").contains("smtpd-auth");
    }

    @org.junit.jupiter.api.Test
    void badOptionsAreUsageErrors(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "scan", "--now", "yesterday");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("--now").contains("yesterday");
        WardenProcess.Result u = WardenProcess.run(dir, "scan", "--no-such-option");
        assertThat(u.exitCode()).isEqualTo(2);
        assertThat(u.stderr()).contains("--no-such-option");
    }
}
