package dev.warden.core.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** Every kind of error, with its exact file, line and YAML path. */
class ConfigErrorsTest extends WithConfigFixture {

    private static final String JAIL_TAIL = "    filter: opensmtpd\n    actions: [log]\n";

    private ConfigResult<WardenConfig> failing(String yaml) {
        ConfigResult<WardenConfig> result = fx.load(yaml);
        assertThat(result.hasErrors()).as("errors expected").isTrue();
        assertThat(result.value()).isEmpty();
        return result;
    }

    @Test
    void everyProblemInOneFileIsReportedAtOnce() {
        fx.write("bad-ignore.txt", "192.0.2.1\nnot-an-address\n");
        ConfigResult<WardenConfig> result = failing("""
                ignore: [127.0.0.0/8, 10.0.0.300, "::1/129"]
                ignore-files: [missing.txt, bad-ignore.txt]
                statedir: /tmp/x
                jails:
                  smtpd-auth:
                    logs: [nope.log, "*.log", maillog]
                    filter: opensmptd
                    max_retry: 3
                    max-retry: ten
                    find-time: 10 minutes
                    ban-time: 0
                    timezone: Europe/Pariss
                    actions:
                      - type: pf
                        tabel: bot
                        timeout: soon
                        kill: everything
                      - lgo
                      - type: log
                        level: [info]
                  other:
                    logs: maillog
                    filter: {tag: x}
                    actions: log
                """);
        String ignoreFile = dir.resolve("bad-ignore.txt").toString();
        assertThat(result.issues()).containsExactly(
                fx.error(1, "ignore[1]", "not an address, CIDR range or host name: \"10.0.0.300\""),
                fx.error(1, "ignore[2]", "not an address, CIDR range or host name: \"::1/129\""),
                fx.error(2, "ignore-files[0]", "cannot read ignore file " + dir.resolve("missing.txt")
                        + ": file not found"),
                fx.error(3, "statedir", "unknown key \"statedir\"; did you mean \"state-dir\"?"),
                fx.warning(6, "jails.smtpd-auth.logs[0]", "log file not found: " + dir.resolve("nope.log")
                        + " (read once it appears)"),
                fx.error(7, "jails.smtpd-auth.filter", "unknown filter \"opensmptd\"; did you mean \"opensmtpd\"?"
                        + " (known filters: opensmtpd, regex)"),
                fx.error(8, "jails.smtpd-auth.max_retry",
                        "unknown key \"max_retry\"; did you mean \"max-retry\"?"),
                fx.error(9, "jails.smtpd-auth.max-retry", "expected a whole number, got \"ten\""),
                fx.error(10, "jails.smtpd-auth.find-time",
                        "expected a duration such as 90s, 10m, 1h, 5d or 1w, got \"10 minutes\""),
                fx.error(11, "jails.smtpd-auth.ban-time", "must be longer than 0s"),
                fx.error(12, "jails.smtpd-auth.timezone", "unknown time zone \"Europe/Pariss\"; "
                        + "did you mean \"Europe/Paris\"?"),
                fx.error(14, "jails.smtpd-auth.actions[0].table",
                        "missing required option \"table\" of action \"pf\""),
                fx.error(15, "jails.smtpd-auth.actions[0].tabel", "unknown option \"tabel\" of action \"pf\"; "
                        + "did you mean \"table\"? (options: table, pfctl, timeout, kill)"),
                fx.error(16, "jails.smtpd-auth.actions[0].timeout",
                        "expected a duration such as 90s, 10m, 1h, 5d or 1w, got \"soon\""),
                fx.error(17, "jails.smtpd-auth.actions[0].kill",
                        "expected one of none, states, sources, got \"everything\""),
                fx.error(18, "jails.smtpd-auth.actions[1]", "unknown action \"lgo\"; did you mean \"log\"?"
                        + " (known actions: pf, log)"),
                fx.error(20, "jails.smtpd-auth.actions[2].level", "expected one of info, warn, got a list"),
                fx.error(23, "jails.other.filter.type", "missing required key \"type\""),
                fx.error(24, "jails.other.actions", "expected a list of actions, got \"log\""),
                ConfigIssue.error(ignoreFile, 2, "", "not an address or CIDR range: \"not-an-address\""));
        assertThat(result.issues().get(7))
                .hasToString(fx.config + ":9: jails.smtpd-auth.max-retry: expected a whole number, got \"ten\"");
    }

    @Test
    void timeFormatAndTimezoneErrorsNameTheirLine() {
        ConfigResult<WardenConfig> result = failing("""
                jails:
                  a:
                    logs: [maillog]
                    time-format: "%d.%m.%Y %H:%M:%Q"
                    timezone: Mars/Olympus
                """ + JAIL_TAIL + """
                  b:
                    logs: [maillog]
                    time-format: "%H:%M:%S"
                """ + JAIL_TAIL + """
                  c:
                    logs: [maillog]
                    time-format: "%d/%b/%Y %I:%M"
                """ + JAIL_TAIL);
        assertThat(result.issues()).hasSize(4);
        assertThat(result.issues().get(0)).isEqualTo(fx.error(4, "jails.a.time-format",
                "time-format \"%d.%m.%Y %H:%M:%Q\": unknown directive %Q (known: %Y %y %m %b %B %h %d %e %H %k %I %l"
                        + " %p %M %S %f %a %A %z %Z %s %T %F %D %R %%)"));
        assertThat(result.issues().get(1).line()).isEqualTo(5);
        assertThat(result.issues().get(1).message()).startsWith("unknown time zone \"Mars/Olympus\"");
        assertThat(result.issues().get(2)).isEqualTo(fx.error(10, "jails.b.time-format", "time-format \"%H:%M:%S\""
                + " must give a month (%m or %b), a day (%d), an hour (%H) and a minute (%M), or seconds since the"
                + " epoch (%s)"));
        assertThat(result.issues().get(3)).isEqualTo(fx.error(15, "jails.c.time-format",
                "time-format \"%d/%b/%Y %I:%M\": %I (hour 1-12) and %p (AM/PM) go together"));
    }

    @Test
    void aTimeFormatIsKeptWithTheJail() {
        ConfigResult<WardenConfig> result = fx.load("""
                jails:
                  a:
                    logs: [maillog]
                    time-format: "%%Y-%%m-%%d %%H:%%M:%%S"
                """ + JAIL_TAIL);
        assertThat(result.issues()).isEmpty();
        assertThat(result.value().orElseThrow().jails().get("a").timeFormat()).hasValueSatisfying(
                p -> assertThat(p).hasToString("%%Y-%%m-%%d %%H:%%M:%%S"));
    }

    @Test
    void missingFile() {
        Path nope = dir.resolve("nope.yaml");
        ConfigResult<WardenConfig> result = ConfigLoader.load(nope, ConfigFixture.catalog());
        assertThat(result.issues()).containsExactly(ConfigIssue.error(nope.toString(), 0, "", "file not found"));
        assertThat(result.value()).isEmpty();
    }

    @Test
    void directoryInsteadOfFile() {
        ConfigResult<WardenConfig> result = ConfigLoader.load(dir, ConfigFixture.catalog());
        assertThat(result.issues()).containsExactly(ConfigIssue.error(dir.toString(), 0, "", "not a regular file"));
    }

    @Test
    void unreadableFile() throws Exception {
        fx.write("warden.yaml", "jails: {}\n");
        Files.setPosixFilePermissions(fx.config, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(fx.config), "running as root: permissions are not enforced");
        ConfigResult<WardenConfig> result = ConfigLoader.load(fx.config, ConfigFixture.catalog());
        assertThat(result.issues()).containsExactly(fx.error(0, "", "cannot read: permission denied"));
    }

    @Test
    void notUtf8() throws Exception {
        Files.write(fx.config, new byte[] {'j', 'a', 'i', 'l', 's', ':', ' ', (byte) 0xC3, '\n'});
        ConfigResult<WardenConfig> result = ConfigLoader.load(fx.config, ConfigFixture.catalog());
        assertThat(result.issues()).containsExactly(fx.error(0, "", "cannot read: not UTF-8 text"));
    }

    @Test
    void emptyAndCommentOnlyFiles() {
        assertThat(failing("").issues()).containsExactly(fx.error(0, "", "file is empty"));
        assertThat(failing("# only a comment\n\n").issues()).containsExactly(fx.error(0, "", "file is empty"));
    }

    @Test
    void yamlSyntaxError() {
        assertThat(failing("jails:\n  a:\n    logs: [maillog\n    filter: x\n").issues()).containsExactly(
                fx.error(4, "", "invalid YAML: while parsing a flow sequence (line 3): expected ',' or ']', "
                        + "but got :"));
    }

    @Test
    void topLevelMustBeAMap() {
        assertThat(failing("- a\n- b\n").issues()).containsExactly(fx.error(1, "", "expected a map, got a list"));
    }

    @Test
    void duplicateKeysAtEveryLevel() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    logs: other.log
                """ + JAIL_TAIL + """
                  a:
                    logs: maillog
                jails: {}
                """).issues()).containsExactly(
                fx.error(4, "jails.a.logs", "duplicate key (first defined on line 3)"),
                fx.error(7, "jails.a", "duplicate key (first defined on line 2)"),
                fx.error(9, "jails", "duplicate key (first defined on line 1)"));
    }

    @Test
    void unknownKeysWithAndWithoutSuggestion() {
        assertThat(failing("""
                plugins: x
                jails:
                  a:
                    logs: maillog
                    logpath: x
                    maxretry: 3
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(1, "plugins", "unknown key \"plugins\""),
                fx.error(5, "jails.a.logpath", "unknown key \"logpath\"; did you mean \"logs\"?"),
                fx.error(6, "jails.a.maxretry", "unknown key \"maxretry\"; did you mean \"max-retry\"?"));
    }

    @Test
    void jailsMissingNullOrEmpty() {
        assertThat(failing("ignore: [127.0.0.1]\n").issues())
                .containsExactly(fx.error(1, "jails", "missing required key \"jails\""));
        assertThat(failing("jails:\n").issues()).containsExactly(fx.error(1, "jails", "no jails defined"));
        assertThat(failing("state-dir: /x\njails: {}\n").issues())
                .containsExactly(fx.error(2, "jails", "no jails defined"));
        assertThat(failing("jails: [a]\n").issues())
                .containsExactly(fx.error(1, "jails", "expected a map, got a list"));
    }

    @Test
    void jailMustBeAMapWithAUsableName() {
        assertThat(failing("""
                jails:
                  a: opensmtpd
                  "bad name":
                    logs: maillog
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(2, "jails.a", "expected a map, got \"opensmtpd\""),
                fx.error(3, "jails.bad name", "jail name \"bad name\" may only use letters, digits, '.', '_' and '-'"));
    }

    @Test
    void requiredJailKeys() {
        assertThat(failing("jails:\n  a:\n    enabled: true\n").issues()).containsExactly(
                fx.error(3, "jails.a.logs", "missing required key \"logs\" (or a \"source\": source: {type: journal,"
                        + " unit: NAME} or {type: command, argv: [...]})"),
                fx.error(3, "jails.a.filter", "missing required key \"filter\""),
                fx.error(3, "jails.a.actions", "missing required key \"actions\""));
    }

    @Test
    void wrongTypesOfJailKeys() {
        assertThat(failing("""
                jails:
                  a:
                    logs: {x: y}
                    filter: [opensmtpd]
                    max-retry: 2.5
                    enabled: "yes"
                    timezone: [UTC]
                    actions: []
                    ignore: 127.0.0.1
                    ignore-files: {a: b}
                """).issues()).containsExactly(
                fx.error(3, "jails.a.logs", "expected a string or a list, got a map"),
                fx.error(4, "jails.a.filter", "expected a filter name or a map with \"type\", got a list"),
                fx.error(5, "jails.a.max-retry", "expected a whole number, got \"2.5\""),
                fx.error(6, "jails.a.enabled", "expected true or false, got \"yes\""),
                fx.error(7, "jails.a.timezone", "expected a string, got a list"),
                fx.error(8, "jails.a.actions", "expected at least one action"),
                fx.error(9, "jails.a.ignore", "expected a list, got \"127.0.0.1\""),
                fx.error(10, "jails.a.ignore-files", "expected a list, got a map"));
    }

    @Test
    void listItemsOfTheWrongType() {
        assertThat(failing("""
                ignore:
                  - [10.0.0.1]
                jails:
                  a:
                    logs: [maillog, {x: 1}, ~]
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(2, "ignore[0]", "expected a string, got a list"),
                fx.error(5, "jails.a.logs[1]", "expected a string, got a map"),
                fx.error(5, "jails.a.logs[2]", "expected a string, got nothing"));
    }

    @Test
    void numericLimits() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    max-retry: 0
                """ + JAIL_TAIL + """
                  b:
                    logs: maillog
                    max-retry: 99999999999
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(4, "jails.a.max-retry", "must be between 1 and 2147483647, got 0"),
                fx.error(9, "jails.b.max-retry", "must be between 1 and 2147483647, got 99999999999"));
    }

    @Test
    void prefixLengthsOutOfRangeAtTheTopAndInAJail() {
        assertThat(failing("""
                ipv6-prefix: 0
                ipv4-prefix: 33
                jails:
                  a:
                    logs: maillog
                    ipv6-prefix: 129
                    ipv4-prefix: 7
                """ + JAIL_TAIL + """
                  b:
                    logs: maillog
                    ipv6-prefix: 64x
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(1, "ipv6-prefix", "must be between 1 and 128, got 0"),
                fx.error(2, "ipv4-prefix", "must be between 8 and 32, got 33"),
                fx.error(6, "jails.a.ipv6-prefix", "must be between 1 and 128, got 129"),
                fx.error(7, "jails.a.ipv4-prefix", "must be between 8 and 32, got 7"),
                fx.error(12, "jails.b.ipv6-prefix", "expected a whole number, got \"64x\""));
    }

    @Test
    void emptyLogList() {
        assertThat(failing("jails:\n  a:\n    logs: []\n" + JAIL_TAIL).issues())
                .containsExactly(fx.error(3, "jails.a.logs", "expected at least one log file"));
    }

    @Test
    void aLogThatIsADirectoryOrAMissingFileUnlessAGlob() {
        fx.write("logs/old.log", "");
        ConfigResult<WardenConfig> result = fx.load("""
                jails:
                  a:
                    logs:
                      - missing/maillog
                      - "missing/*.log"
                      - missing/log.[0-9]
                      - logs/
                """ + JAIL_TAIL);
        assertThat(result.issues()).containsExactly(
                fx.warning(4, "jails.a.logs[0]", "log file not found: " + dir.resolve("missing/maillog")
                        + " (read once it appears)"),
                fx.error(7, "jails.a.logs[3]", "log path is a directory: " + dir.resolve("logs")));
    }

    @Test
    void unknownPluginTypesInLongForm() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    filter:
                      type: sshd
                    actions:
                      - type: iptables
                      - type: [pf]
                """).issues()).containsExactly(
                fx.error(5, "jails.a.filter.type", "unknown filter \"sshd\" (known filters: opensmtpd, regex)"),
                fx.error(7, "jails.a.actions[0].type", "unknown action \"iptables\" (known actions: pf, log)"),
                fx.error(8, "jails.a.actions[1].type", "expected a string, got a list"));
    }

    @Test
    void optionsOfTheWrongType() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    filter:
                      type: regex
                      tag: [a, b]
                      fail: {x: y}
                      max-lines: three
                      ignore-case: maybe
                      weight: 1.5x
                    actions:
                      - type: pf
                        table:
                """).issues()).containsExactly(
                fx.error(6, "jails.a.filter.tag", "expected a string, got a list"),
                fx.error(7, "jails.a.filter.fail", "expected a list of strings, got a map"),
                fx.error(8, "jails.a.filter.max-lines", "expected a whole number, got \"three\""),
                fx.error(9, "jails.a.filter.ignore-case", "expected true or false, got \"maybe\""),
                fx.error(10, "jails.a.filter.weight", "expected a number, got \"1.5x\""),
                fx.error(13, "jails.a.actions[0].table", "expected a value, got nothing"));
    }

    @Test
    void missingRequiredOptionsInShortAndLongForm() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    filter: regex
                    actions:
                      - pf
                      - type: pf
                        pfctl: /sbin/pfctl
                """).issues()).containsExactly(
                fx.error(4, "jails.a.filter.tag", "missing required option \"tag\" of filter \"regex\""),
                fx.error(4, "jails.a.filter.fail", "missing required option \"fail\" of filter \"regex\""),
                fx.error(6, "jails.a.actions[0].table", "missing required option \"table\" of action \"pf\""),
                fx.error(7, "jails.a.actions[1].table", "missing required option \"table\" of action \"pf\""));
    }

    @Test
    void unknownOptionWithoutSuggestionListsTheDeclaredOnes() {
        assertThat(failing("""
                jails:
                  a:
                    logs: maillog
                    filter: {type: opensmtpd, colour: blue}
                    actions: [log]
                """).issues()).containsExactly(fx.error(4, "jails.a.filter.colour",
                "unknown option \"colour\" of filter \"opensmtpd\" (options: session-timeout, mode)"));
    }

    @Test
    void ignoreFileProblems() {
        fx.write("lists/dir/keep", "");
        fx.write("shared.txt", "# shared\n\n10.0.0.1\n10.0.0.0/40\n  \nfoo bar # comment\n");
        ConfigResult<WardenConfig> result = failing("""
                ignore-files: [shared.txt, lists/dir]
                jails:
                  a:
                    logs: maillog
                    ignore-files: [shared.txt, "", nope.txt]
                """ + JAIL_TAIL);
        String shared = dir.resolve("shared.txt").toString();
        assertThat(result.issues()).containsExactly(
                fx.error(1, "ignore-files[1]", "ignore file " + dir.resolve("lists/dir") + " is a directory"),
                fx.error(5, "jails.a.ignore-files[1]", "expected a path, got \"\""),
                fx.error(5, "jails.a.ignore-files[2]", "cannot read ignore file " + dir.resolve("nope.txt")
                        + ": file not found"),
                ConfigIssue.error(shared, 4, "", "not an address or CIDR range: \"10.0.0.0/40\""),
                ConfigIssue.error(shared, 6, "", "not an address or CIDR range: \"foo bar\""));
    }

    @Test
    void anIgnoreFileThatIsADeviceIsRefusedNotReadForever() {
        ConfigResult<WardenConfig> result = failing("""
                ignore-files: [/dev/zero]
                jails:
                  a:
                    logs: maillog
                """ + JAIL_TAIL);
        assertThat(result.issues()).containsExactly(
                fx.error(1, "ignore-files[0]", "ignore file /dev/zero is not a regular file"));
    }

    @Test
    void pathsOfTheWrongType() {
        assertThat(failing("""
                state-dir: [a]
                socket: ~
                plugin-dir: ""
                jails:
                  a:
                    logs: maillog
                """ + JAIL_TAIL).issues()).containsExactly(
                fx.error(1, "state-dir", "expected a string, got a list"),
                fx.error(2, "socket", "expected a string, got nothing"),
                fx.error(3, "plugin-dir", "expected a path, got \"\""));
    }

    @Test
    void anEmptyCatalogSaysSo() {
        fx.write("warden.yaml", "jails:\n  a:\n    logs: maillog\n" + JAIL_TAIL);
        ConfigResult<WardenConfig> result = ConfigLoader.load(fx.config,
                dev.warden.core.plugin.PluginCatalog.of(java.util.List.of(), java.util.List.of()));
        assertThat(result.issues()).containsExactly(
                fx.error(4, "jails.a.filter", "unknown filter \"opensmtpd\" (known filters: none)"),
                fx.error(5, "jails.a.actions[0]", "unknown action \"log\" (known actions: none)"));
    }
}
