package dev.warden.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A jail's {@code source:} beside {@code logs:}: read, and every problem reported at its line. */
class SourceConfigTest extends WithConfigFixture {

    private static String jail(String source) {
        return """
                jails:
                  j:
                    filter: opensmtpd
                    actions: [log]
                """ + source.indent(4);
    }

    private JailDefinition load(String source) {
        return fx.loadClean(jail(source)).jails().get("j");
    }

    @Test
    void aCommandSourceReplacesLogs() {
        JailDefinition j = load("source: {type: command, argv: [/bin/cat, /var/log/x]}");
        assertThat(j.logs()).isEmpty();
        assertThat(j.source()).contains(new SourceSpec.Command(List.of("/bin/cat", "/var/log/x")));
    }

    @Test
    void aJournalSourceByUnitOrMatchesWithItsJournalctlCommandLine() {
        SourceSpec unit = load("source: {type: journal, unit: ssh.service}").source().orElseThrow();
        assertThat(unit.argv()).containsExactly("/usr/bin/journalctl", "--output=json", "--no-pager",
                "--unit=ssh.service");
        fx.write("j.journal", "");
        SourceSpec match = load("source: {type: journal, match: [_SYSTEMD_UNIT=ssh.service, +, SYSLOG_IDENTIFIER=sshd],"
                + " file: j.journal, journalctl: /bin/true}").source().orElseThrow();
        assertThat(match.argv()).containsExactly("/bin/true", "--file=" + dir.resolve("j.journal"), "--output=json",
                "--no-pager", "_SYSTEMD_UNIT=ssh.service", "+", "SYSLOG_IDENTIFIER=sshd");
        assertThat(((SourceSpec.Journal) match).file()).contains(dir.resolve("j.journal"));
        assertThat(((SourceSpec.Journal) match).directory()).isEqualTo(Optional.<Path>empty());
    }

    @Test
    void everyProblemIsReportedAtItsLine() {
        ConfigResult<WardenConfig> r = fx.load("""
                jails:
                  a:
                    filter: opensmtpd
                    actions: [log]
                    source:
                      type: command
                      argv: [cat, x]
                  b:
                    filter: opensmtpd
                    actions: [log]
                    source: {type: jornal}
                  c:
                    filter: opensmtpd
                    actions: [log]
                    source:
                      type: journal
                      match: [ssh, _COMM=sshd]
                      unit: ssh.service
                      fiel: x
                  d:
                    filter: opensmtpd
                    actions: [log]
                    logs: maillog
                    source: {type: command, argv: [/nonexistent/prog]}
                  e:
                    filter: opensmtpd
                    actions: [log]
                """);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.issues()).extracting(Object::toString)
                .anySatisfy(i -> assertThat(i).contains(":7: jails.a.source.argv[0]: 'cat' must be an absolute path"))
                .anySatisfy(i -> assertThat(i).contains(":11: jails.b.source.type: unknown source type \"jornal\"")
                        .contains("journal"))
                .anySatisfy(i -> assertThat(i).contains(":17: jails.c.source.match[0]: expected FIELD=VALUE"))
                .anySatisfy(i -> assertThat(i).contains(":19: jails.c.source.fiel: unknown key"))
                .anySatisfy(i -> assertThat(i).contains(":16: jails.c.source: give \"unit\" or \"match\", not both"))
                .anySatisfy(i -> assertThat(i).contains(":24: jails.d.source: a jail reads \"logs\" or a \"source\""))
                .anySatisfy(i -> assertThat(i).contains(":24: jails.d.source.argv[0]: warning: /nonexistent/prog does"
                        + " not exist on this host"))
                .anySatisfy(i -> assertThat(i).contains(":26: jails.e.logs: missing required key \"logs\""));
    }

    @Test
    void aJournalSourceNeedsUnitOrMatch() {
        ConfigResult<WardenConfig> r = fx.load(jail("source: {type: journal}"));
        assertThat(r.issues()).extracting(Object::toString).anySatisfy(i -> assertThat(i)
                .contains(":5: jails.j.source: a journal source needs \"unit\""));
    }
}
