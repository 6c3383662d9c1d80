package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter library through the real CLI: listed by {@code warden plugins}, resolved by name by
 * {@code test-filter} (each shipped sample log gives exactly what its annotations say), replaced and
 * extended from {@code filter-dir}, a broken definition reported, and a pattern that matched nothing explained.
 */
class FilterLibraryIT {

    static final List<String> LIBRARY = List.of("apache-auth", "courier-auth", "dovecot", "exim", "mysqld-auth",
            "nginx-http-auth", "nginx-limit-req", "postfix", "proftpd", "pure-ftpd", "sendmail-auth", "vsftpd");

    private static final Path SAMPLES = WardenProcess.root().resolve("filters/src/main/resources/warden-samples");

    @Test
    void pluginsListsEveryLibraryFilterAsLibrary(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "plugins");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        for (String name : LIBRARY) {
            assertThat(r.stdoutLines()).as(name).anyMatch(l -> l.matches("filter +" + name + " +library +\\S+ +\\S.*"));
        }
    }

    @Test
    void eachShippedSampleGivesWhatItsAnnotationsSay(@TempDir Path dir) throws Exception {
        List<Path> samples = new ArrayList<>();
        for (String name : LIBRARY) {
            try (Stream<Path> s = Files.list(SAMPLES)) {
                s.filter(p -> p.getFileName().toString().equals(name + ".log")
                        || p.getFileName().toString().startsWith(name + "-")).sorted().forEach(samples::add);
            }
        }
        assertThat(samples).hasSizeGreaterThanOrEqualTo(LIBRARY.size());
        for (Path sample : samples) {
            String file = sample.getFileName().toString();
            String name = LIBRARY.stream().filter(n -> file.equals(n + ".log") || file.startsWith(n + "-"))
                    .reduce((a, b) -> a.length() >= b.length() ? a : b).orElseThrow();
            WardenProcess.Result r = WardenProcess.run(dir, "test-filter", name, sample.toString(), "--tsv",
                    "--now", "2026-12-31T23:00:00Z");
            assertThat(r.exitCode()).as(file + ": " + r.stderr()).isZero();
            assertThat(r.stdoutLines()).as(file).containsExactlyElementsOf(CliTestFilterIT.expectedTsv(sample));
        }
    }

    @Test
    void filterDirAddsReplacesAndExtendsNamedFilters(@TempDir Path dir) throws Exception {
        Path filters = Files.createDirectories(dir.resolve("filters.d"));
        Files.writeString(filters.resolve("myapp.yaml"), """
                description: "myapp: failed logins"
                type: regex
                options:
                  tag: myapp
                  fail: ['login failed for \\S+ from <ADDR>$']
                """);
        Files.writeString(filters.resolve("postfix.yaml"), """
                description: "postfix, without the protocol patterns"
                type: postfix
                options:
                  fail: ['%{queue}: reject: [A-Z]{4,8} from %{client}: 5\\d\\d ']
                """);
        Path config = dir.resolve("warden.yaml");
        Files.writeString(config, """
                filter-dir: filters.d
                jails:
                  myapp:
                    logs: [DIR/app.log]
                    filter: myapp
                    actions: [log]
                """.replace("DIR", dir.toString()));
        Files.writeString(dir.resolve("app.log"), """
                Jan  5 10:00:00 host myapp[1]: login failed for bob from 192.0.2.7
                Jan  5 10:00:01 host other[1]: login failed for bob from 192.0.2.8
                Jan  5 10:00:02 host postfix/smtpd[2]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 denied
                Jan  5 10:00:03 host postfix/smtpd[2]: too many errors after AUTH from x[192.0.2.10]
                """);
        WardenProcess.Result plugins = WardenProcess.run(dir, "plugins", "-c", config.toString());
        assertThat(plugins.exitCode()).as(plugins.stderr()).isZero();
        assertThat(plugins.stdoutLines()).anyMatch(l -> l.matches("filter +myapp +" + filters.resolve("myapp.yaml")
                + " .*myapp: failed logins"));
        assertThat(plugins.stdoutLines()).anyMatch(l -> l.matches("filter +postfix +" + filters.resolve("postfix.yaml")
                + " .*"));
        // --plugin-dir names only the jars' folder: the configuration's filter-dir is still read
        WardenProcess.Result withJars = WardenProcess.run(dir, "plugins", "-c", config.toString(), "--plugin-dir",
                Files.createDirectories(dir.resolve("jars")).toString());
        assertThat(withJars.exitCode()).as(withJars.stderr()).isZero();
        assertThat(withJars.stdoutLines()).anyMatch(l -> l.matches("filter +myapp +" + filters.resolve("myapp.yaml")
                + " .*"));
        WardenProcess.Result validate = WardenProcess.run(dir, "validate", "-c", config.toString());
        assertThat(validate.exitCode()).as(validate.stdout() + validate.stderr()).isZero();
        WardenProcess.Result jail = WardenProcess.run(dir, "test-filter", "-c", config.toString(), "myapp",
                dir.resolve("app.log").toString(), "--tsv");
        assertThat(jail.stdoutLines()).as(jail.stderr()).containsExactly("1\t192.0.2.7");
        WardenProcess.Result postfix = WardenProcess.run(dir, "test-filter", "-c", config.toString(), "postfix",
                dir.resolve("app.log").toString(), "--tsv");
        assertThat(postfix.stdoutLines()).as("the operator's postfix: the shipped pieces, not its second pattern")
                .containsExactly("3\t192.0.2.9");
    }

    @Test
    void aBrokenDefinitionIsReportedAndTheOthersStillLoad(@TempDir Path dir) throws Exception {
        Path filters = Files.createDirectories(dir.resolve("filters.d"));
        Files.writeString(filters.resolve("broken.yaml"), "description: x\ntype: regex\noptions:\n  fail: ['(?=x)<ADDR>']\n");
        Path config = dir.resolve("warden.yaml");
        Files.writeString(config, "filter-dir: filters.d\njails:\n  j:\n    logs: [" + dir + "/a.log]\n"
                + "    filter: broken\n    actions: [log]\n");
        Files.writeString(dir.resolve("a.log"), "");
        WardenProcess.Result plugins = WardenProcess.run(dir, "plugins", "-c", config.toString());
        assertThat(plugins.exitCode()).isEqualTo(1);
        assertThat(plugins.stderr()).contains(filters.resolve("broken.yaml").toString())
                .contains("named filter \"broken\" not loaded: options.fail[0]:").contains("lookahead");
        assertThat(plugins.stdout()).contains("postfix");
        WardenProcess.Result validate = WardenProcess.run(dir, "validate", "-c", config.toString());
        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.stderr()).contains("unknown filter \"broken\"");
    }

    @Test
    void testFilterExplainsAPatternThatMatchedNothing(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("mail.log");
        Files.writeString(log, """
                Jan  5 10:00:00 host postfix/smtpd[2]: NOQUEUE: reject: RCPT from x[192.0.2.9]: 554 5.7.1 denied
                Jan  5 10:00:01 host postfix/qmgr[3]: too many errors after AUTH from x[192.0.2.10]
                """);
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "postfix", log.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("Patterns that matched nothing:")
                .contains("fail[1] '%{kind:postfix-protocol}")
                .contains("line 2: its text is there but the program name is none of tag");
    }
}
