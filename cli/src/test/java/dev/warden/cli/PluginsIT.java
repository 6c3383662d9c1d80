package dev.warden.cli;

import dev.warden.core.plugin.TestPluginJar;
import dev.warden.core.spi.Spi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plugin jars in a plugin folder, with the real {@code warden} program: {@code warden plugins} lists what
 * loaded and reports each broken jar precisely, {@code --describe} shows options and sample logs, and the
 * good plugins work in {@code validate}, {@code test-filter} and {@code scan} next to the broken ones. The
 * jars are compiled in the test ({@link TestPluginJar}, from core's test-jar).
 */
class PluginsIT {

    /** The annotated sample log the dovecot test plugin ships. */
    /** The library filters but {@code id} (a plugin jar's filter of that name takes its place), in load order. */
    static List<String> libraryBut(String id) {
        return FilterLibraryIT.LIBRARY.stream().filter(n -> !n.equals(id)).toList();
    }

    static final String DOVECOT_SAMPLE = """
            # The dovecot test plugin's sample.
            # expect: fail 192.0.2.7
            Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7 user=a
            # expect: none
            Nov  7 10:00:01 mail dovecot[1]: login from 192.0.2.8
            # expect: fail 192.0.2.9
            Nov  7 10:00:02 mail dovecot[1]: auth failed from 192.0.2.9 user=b
            """;

    @TempDir
    Path dir;
    Path plugins;
    String version;

    @BeforeEach
    void setUp() throws Exception {
        plugins = Files.createDirectories(dir.resolve("plugins"));
        WardenProcess.Result v = WardenProcess.run(dir, "--version");
        version = v.stdoutLines().get(0).substring("warden ".length());
    }

    /** dovecot.jar (filter {@code dovecot}, version 1.2, with a sample log) and quiet.jar (action {@code quiet}). */
    private void goodJars() {
        TestPluginJar.filter("com.example.dovecot.DovecotFilter", "dovecot").version("1.2")
                .resource("warden-samples/dovecot.log", DOVECOT_SAMPLE).write(plugins.resolve("dovecot.jar"));
        TestPluginJar.action("com.example.quiet.QuietAction", "quiet").write(plugins.resolve("quiet.jar"));
    }

    /** One jar for each way a plugin can be broken, and the lines each must be reported with. */
    private List<String> brokenJars() {
        TestPluginJar.filter("com.example.Future", "future").manifest(Spi.MANIFEST_ATTRIBUTE, "2")
                .write(plugins.resolve("future.jar"));
        new TestPluginJar().service(dev.warden.core.spi.FilterFactory.class, "com.example.Missing")
                .write(plugins.resolve("missing-class.jar"));
        TestPluginJar.filter("com.example.Newer", "newer").classFileVersion("com.example.Newer", TestPluginJar.JAVA_21)
                .write(plugins.resolve("newer.jar"));
        TestPluginJar.notAJar(plugins.resolve("not-a-jar.jar"));
        TestPluginJar.builtAgainstAnotherSpi("com.example.Old").write(plugins.resolve("old-spi.jar"));
        TestPluginJar.filter("com.example.MyOpenSmtpd", "opensmtpd").write(plugins.resolve("smtpd.jar"));
        TestPluginJar.throwingConstructor("com.example.Throwing").write(plugins.resolve("throwing.jar"));
        TestPluginJar.filter("com.a.Twin", "twin").write(plugins.resolve("twin-a.jar"));
        TestPluginJar.filter("com.b.Twin", "twin").write(plugins.resolve("twin-b.jar"));
        String p = "warden: plugin: " + plugins + "/";
        return List.of(
                p + "future.jar: built for Warden SPI 2, this Warden provides SPI 1; rebuild the plugin against "
                        + "warden-core " + version,
                p + "missing-class.jar: cannot load FilterFactory provider: Provider com.example.Missing not found",
                p + "newer.jar: cannot load FilterFactory provider: compiled for a newer Java than this one ("
                        + Runtime.version().feature() + "): java.lang.UnsupportedClassVersionError: com/example/Newer "
                        + "has been compiled by a more recent version of the Java Runtime (class file version 65.0)",
                p + "not-a-jar.jar: not a jar file (",
                p + "old-spi.jar: filter com.example.Old: id(): built against an incompatible Warden SPI: "
                        + "java.lang.AbstractMethodError: ",
                p + "throwing.jar: cannot load FilterFactory provider: Provider com.example.Throwing could not be "
                        + "instantiated (caused by java.lang.IllegalStateException: boom in constructor)",
                p + "smtpd.jar: filter id \"opensmtpd\" is taken by a built-in filter "
                        + "(dev.warden.filters.opensmtpd.OpenSmtpdFilterFactory), which a plugin cannot replace; "
                        + "com.example.MyOpenSmtpd not used",
                "warden: plugin: " + plugins + ": duplicate filter id \"twin\" in twin-a.jar (com.a.Twin) and "
                        + "twin-b.jar (com.b.Twin); neither is used");
    }

    /** Each stderr line starts with its expected beginning, in order, and there are no others. */
    private static void assertProblems(String stderr, List<String> expected) {
        List<String> lines = stderr.lines().toList();
        assertThat(lines).as(stderr).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(lines.get(i)).startsWith(expected.get(i));
        }
    }

    private static List<String> columns(String line) {
        return Arrays.asList(line.split(" {2,}"));
    }

    @Test
    void listsTheGoodPluginsAndReportsEachBrokenJarPrecisely() throws Exception {
        goodJars();
        List<String> problems = brokenJars();
        WardenProcess.Result r = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString());

        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
        assertProblems(r.stderr(), problems);
        List<String> out = r.stdoutLines();
        assertThat(columns(out.get(0))).containsExactly("KIND", "ID", "ORIGIN", "VERSION", "DESCRIPTION");
        List<List<String>> expected = new java.util.ArrayList<>(List.of(
                List.of("filter", "opensmtpd", "built-in", version),
                List.of("filter", "sshd", "built-in", version),
                List.of("filter", "regex", "built-in", version),
                List.of("filter", "dovecot", plugins.resolve("dovecot.jar").toString(), "1.2")));
        // the filter library, but its dovecot: the plugin jar's takes its place
        libraryBut("dovecot").forEach(id -> expected.add(List.of("filter", id, "library", version)));
        expected.addAll(List.of(
                List.of("action", "pf", "built-in", version),
                List.of("action", "log", "built-in", version),
                List.of("action", "nftables", "built-in", version),
                List.of("action", "command", "built-in", version),
                List.of("action", "quiet", plugins.resolve("quiet.jar").toString(), "unknown")));
        assertThat(out.stream().skip(1).map(l -> columns(l).subList(0, 4)).toList()).containsExactlyElementsOf(expected);
        assertThat(columns(out.get(4)).get(4)).isEqualTo("test filter dovecot");
        // the columns line up
        int origin = out.get(0).indexOf("ORIGIN");
        assertThat(out).allSatisfy(l -> assertThat(l.indexOf(columns(l).get(2), 6)).isEqualTo(origin));
    }

    @Test
    void theGoodPluginsWorkNextToTheBrokenOnes() throws Exception {
        goodJars();
        List<String> problems = brokenJars();
        Path pfctl = WardenProcess.fakePfctl(dir);
        Files.writeString(dir.resolve("maillog"), """
                Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7 user=a
                Nov  7 10:00:01 mail dovecot[1]: login from 192.0.2.7
                Nov  7 10:00:02 mail dovecot[1]: auth failed from 192.0.2.7 user=b
                """);
        Path cfg = Files.writeString(dir.resolve("warden.yaml"), """
                state-dir: state
                plugin-dir: plugins
                jails:
                  imap:
                    logs: [maillog]
                    filter: dovecot
                    max-retry: 2
                    find-time: 1h
                    ban-time: 1h
                    timezone: UTC
                    actions: [{type: pf, table: bot, pfctl: PFCTL}, {type: quiet, note: hi}]
                """.replace("PFCTL", pfctl.toString()));

        WardenProcess.Result validate = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(validate.exitCode()).as(validate.stderr()).isZero();
        assertThat(validate.stdout()).isEqualTo(cfg + ": OK, 1 jail(s) (1 enabled): imap\n");
        assertProblems(validate.stderr(), problems);

        WardenProcess.Result test = WardenProcess.run(dir, "test-filter", "dovecot", "maillog", "--tsv",
                "--plugin-dir", plugins.toString());
        assertThat(test.exitCode()).as(test.stderr()).isZero();
        assertThat(test.stdout()).isEqualTo("1\t192.0.2.7\n3\t192.0.2.7\n");
        assertProblems(test.stderr(), problems);

        WardenProcess.Result scan = WardenProcess.run(dir, "scan", "-c", cfg.toString(), "--no-state",
                "--now", "2026-11-07T10:30:00Z");
        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdout()).isEqualTo("imap\t192.0.2.7\t2\t2026-11-07T11:00:02Z\n");
        assertThat(WardenProcess.pfctlCalls(dir)).containsExactly("-t bot -T add 192.0.2.7");
        assertThat(scan.stderr().lines().filter(l -> l.startsWith("warden: plugin: ")).toList())
                .hasSize(problems.size());
        // what ran, for the record: every jar whose code was loaded, with its checksum
        assertThat(scan.stderr()).contains("INFO  plugin: " + plugins.resolve("dovecot.jar") + ": loaded, version 1.2, "
                + "sha256 " + TestPluginJar.sha256(plugins.resolve("dovecot.jar")) + "\n");
        assertThat(scan.stderr().lines().filter(l -> l.contains("INFO  plugin: "))).hasSize(9);
    }

    @Test
    void describesABuiltInFilterAndAction() throws Exception {
        WardenProcess.Result smtpd = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "opensmtpd");
        assertThat(smtpd.exitCode()).as(smtpd.stderr()).isZero();
        assertThat(smtpd.stderr()).isEmpty();
        List<String> out = smtpd.stdoutLines();
        assertThat(out.get(0)).isEqualTo("filter opensmtpd (built-in, version " + version + ")");
        assertThat(out.get(1)).startsWith("OpenSMTPD (6.0 to 7.x): ");
        assertThat(out.get(2)).isEmpty();
        assertThat(columns(out.get(3))).containsExactly("OPTION", "TYPE", "DEFAULT", "REQUIRED", "CHOICES",
                "DESCRIPTION");
        assertThat(columns(out.get(4)).subList(0, 5)).containsExactly("mode", "choice", "auth", "no",
                "auth|scanner|aggressive");
        assertThat(columns(out.get(5)).subList(0, 3)).containsExactly("kinds", "string-list", "-");
        assertThat(out.get(6)).startsWith("bad-command-codes  string-list  500, 501, 502, 503, 504  no ");
        assertThat(columns(out.get(7)).subList(0, 5)).containsExactly("session-timeout", "duration", "1h", "no", "-");
        assertThat(columns(out.get(8)).subList(0, 5)).containsExactly("max-sessions", "integer", "65536", "no", "-");
        assertThat(out.get(9)).isEmpty();
        assertThat(columns(out.get(10))).containsExactly("SAMPLE LOG", "LOG LINES", "FAILING LINES", "FAILURES",
                "ADDRESSES", "UNATTRIBUTED", "OPTIONS");
        // the counts of the shipped sample, from its annotations
        List<String> sample = Files.readAllLines(WardenProcess.root()
                .resolve("filters/src/main/resources/warden-samples/opensmtpd.log"));
        long logLines = sample.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
        long fails = sample.stream().filter(l -> l.startsWith("# expect: fail ")).count();
        long unattributed = sample.stream().filter(l -> l.startsWith("# expect: unattributed")).count();
        String row = out.stream().skip(11).filter(l -> l.startsWith("opensmtpd.log ")).findFirst().orElseThrow();
        assertThat(columns(row)).startsWith("opensmtpd.log", "" + logLines, "" + fails, "" + fails)
                .endsWith("" + unattributed, "-");
        try (var samples = Files.list(WardenProcess.root().resolve("filters/src/main/resources/warden-samples"))) {
            assertThat(out).hasSize(11 + (int) samples.filter(p -> p.getFileName().toString()
                    .matches("opensmtpd(-.*)?\\.log")).count());
        }

        WardenProcess.Result pf = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "pf");
        assertThat(pf.exitCode()).isZero();
        assertThat(pf.stdoutLines().get(0)).isEqualTo("action pf (built-in, version " + version + ")");
        assertThat(columns(pf.stdoutLines().get(4)).subList(0, 5)).containsExactly("table", "string", "-", "yes", "-");
        assertThat(pf.stdout()).doesNotContain("SAMPLE");

        WardenProcess.Result sshd = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "sshd");
        assertThat(sshd.stdout()).contains("normal|ddos|extra|aggressive")
                .containsPattern("\nsshd-aggressive\\.log +\\d+ +\\d+ +\\d+ +\\d+ +\\d+ +\\{mode: aggressive}\n");
    }

    @Test
    void describesAPluginFromItsJar() throws Exception {
        goodJars();
        WardenProcess.Result r = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "dovecot");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).isEqualTo("""
                filter dovecot (JAR, version 1.2, sha256 SHA)
                test filter dovecot

                OPTION      TYPE     DEFAULT            REQUIRED  CHOICES  DESCRIPTION
                prefix      string   auth failed from   no        -        the text before the address
                max-length  integer  512                no        -        longer messages are ignored

                SAMPLE LOG   LOG LINES  FAILING LINES  FAILURES  ADDRESSES  UNATTRIBUTED  OPTIONS
                dovecot.log  3          2              2         2          0             -
                """.replace("JAR", plugins.resolve("dovecot.jar").toString())
                .replace("SHA", TestPluginJar.sha256(plugins.resolve("dovecot.jar"))));

        WardenProcess.Result json = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "quiet", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.stdout()).isEqualTo("{\"plugins\":[{\"kind\":\"action\",\"id\":\"quiet\",\"origin\":\""
                + plugins.resolve("quiet.jar") + "\",\"version\":\"unknown\",\"sha256\":\""
                + TestPluginJar.sha256(plugins.resolve("quiet.jar")) + "\",\"description\":\"test action quiet\","
                + "\"options\":[{\"name\":\"note\",\"type\":\"string\",\"default\":null,\"required\":false,"
                + "\"choices\":[],\"description\":\"ignored\"}]}],\"problems\":[]}\n");
    }

    @Test
    void jsonListsThePluginsAndTheProblems() throws Exception {
        goodJars();
        TestPluginJar.filter("com.example.Future", "future").manifest(Spi.MANIFEST_ATTRIBUTE, "2")
                .write(plugins.resolve("future.jar"));
        WardenProcess.Result r = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(), "--json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stdout()).startsWith("{\"plugins\":[{\"kind\":\"filter\",\"id\":\"opensmtpd\",\"origin\":"
                        + "\"built-in\",\"version\":\"" + version + "\",\"sha256\":null,\"description\":\"OpenSMTPD "
                        + "(6.0 to 7.x): ")
                .contains("{\"kind\":\"filter\",\"id\":\"dovecot\",\"origin\":\"" + plugins.resolve("dovecot.jar")
                        + "\",\"version\":\"1.2\",\"sha256\":\"" + TestPluginJar.sha256(plugins.resolve("dovecot.jar"))
                        + "\",\"description\":\"test filter dovecot\"}")
                .endsWith("],\"problems\":[{\"severity\":\"error\",\"source\":\"" + plugins.resolve("future.jar")
                        + "\",\"message\":\"built for Warden SPI 2, this Warden provides SPI 1; rebuild the plugin "
                        + "against warden-core " + version + "\"}]}\n");
        assertThat(r.stderr()).isEqualTo("warden: plugin: " + plugins.resolve("future.jar") + ": built for Warden "
                + "SPI 2, this Warden provides SPI 1; rebuild the plugin against warden-core " + version + "\n");
    }

    @Test
    void anUnknownIdExits2WithASuggestion() throws Exception {
        goodJars();
        WardenProcess.Result r = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString(),
                "--describe", "dovecto");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).isEqualTo("warden plugins: no filter or action \"dovecto\"; did you mean \"dovecot\"? "
                + "(filters: opensmtpd, sshd, regex, dovecot, " + String.join(", ", libraryBut("dovecot"))
                + "; actions: pf, log, nftables, command, quiet)\n");
    }

    @Test
    void aPluginActionThatDoesNotSayItTakesNetworksIsRefusedInAJailThatBansByPrefix() throws Exception {
        goodJars();
        Files.writeString(dir.resolve("maillog"), "");
        Path cfg = Files.writeString(dir.resolve("warden.yaml"), """
                plugin-dir: plugins
                jails:
                  full:
                    logs: [maillog]
                    filter: opensmtpd
                    actions: [{type: quiet, note: hi}]
                  by-prefix:
                    logs: [maillog]
                    filter: opensmtpd
                    ipv6-prefix: 64
                    actions: [log, {type: quiet, note: hi}]
                """);
        WardenProcess.Result r = WardenProcess.run(dir, "validate", "-c", cfg.toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr()).isEqualTo("error: " + cfg + ":11: jails.by-prefix.actions[1]: action \"quiet\" ("
                + plugins.resolve("quiet.jar") + ") does not take bans of networks, which ipv4-prefix 32 / ipv6-prefix"
                + " 64 make: use full lengths (32, 128) in this jail, or an action that does\n");
    }

    @Test
    void aPluginOptionErrorReadsExactlyLikeABuiltInOne() throws Exception {
        goodJars();
        Files.writeString(dir.resolve("maillog"), "");
        String jail = """
                plugin-dir: plugins
                jails:
                  j:
                    logs: [maillog]
                    filter:
                      type: TYPE
                      OPTION: lots
                      nosuch: 1
                    max-retry: 2
                    actions: [log]
                """;
        Path plugin = Files.writeString(dir.resolve("plugin.yaml"),
                jail.replace("TYPE", "dovecot").replace("OPTION", "max-length"));
        Path builtIn = Files.writeString(dir.resolve("builtin.yaml"),
                jail.replace("TYPE", "opensmtpd").replace("OPTION", "max-sessions"));
        WardenProcess.Result p = WardenProcess.run(dir, "validate", "-c", plugin.toString());
        WardenProcess.Result b = WardenProcess.run(dir, "validate", "-c", builtIn.toString());
        assertThat(p.exitCode()).isEqualTo(2);
        assertThat(b.exitCode()).isEqualTo(2);
        assertThat(b.stderr()).isEqualTo("error: " + builtIn + ":7: jails.j.filter.max-sessions: expected a whole "
                + "number, got \"lots\"\n"
                + "error: " + builtIn + ":8: jails.j.filter.nosuch: unknown option \"nosuch\" of filter \"opensmtpd\" "
                + "(options: mode, kinds, bad-command-codes, session-timeout, max-sessions)\n");
        assertThat(p.stderr()).isEqualTo("error: " + plugin + ":7: jails.j.filter.max-length: expected a whole "
                + "number, got \"lots\"\n"
                + "error: " + plugin + ":8: jails.j.filter.nosuch: unknown option \"nosuch\" of filter \"dovecot\" "
                + "(options: prefix, max-length)\n");
    }

    @Test
    void aConfigUsingAPluginThatFailedToLoadExits2WithBothReasons() throws Exception {
        TestPluginJar.filter("com.a.Twin", "twin").write(plugins.resolve("twin-a.jar"));
        TestPluginJar.filter("com.b.Twin", "twin").write(plugins.resolve("twin-b.jar"));
        Files.writeString(dir.resolve("maillog"), "");
        Path cfg = Files.writeString(dir.resolve("warden.yaml"), """
                jails:
                  j:
                    logs: [maillog]
                    filter: twin
                    max-retry: 2
                    actions: [log]
                """);
        for (String command : new String[] {"validate", "scan"}) {
            WardenProcess.Result r = WardenProcess.run(dir, command, "-c", cfg.toString(),
                    "--plugin-dir", plugins.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr()).as(command).isEqualTo("warden: plugin: " + plugins + ": duplicate filter id "
                    + "\"twin\" in twin-a.jar (com.a.Twin) and twin-b.jar (com.b.Twin); neither is used\n"
                    + "error: " + cfg + ":4: jails.j.filter: unknown filter \"twin\" (known filters: opensmtpd, sshd, "
                    + "regex, " + String.join(", ", FilterLibraryIT.LIBRARY) + ")\n");
        }
    }

    @Test
    void aFolderThatOthersCanWriteLoadsNoPluginInAnyCommandAndAnUntrustedJarIsSkipped() throws Exception {
        goodJars();
        Files.setAttribute(plugins, "unix:mode", 0775);
        String refused = "warden: plugin: " + plugins + ": writable by group (mode 0775); no plugins loaded from it\n";
        Files.writeString(dir.resolve("maillog"), "Nov  7 10:00:00 mail dovecot[1]: auth failed from 192.0.2.7\n");
        Path cfg = Files.writeString(dir.resolve("warden.yaml"), """
                plugin-dir: plugins
                jails:
                  imap:
                    logs: [maillog]
                    filter: regex
                    max-retry: 2
                    actions: [quiet]
                """.replace("filter: regex", "filter: {type: regex, fail: ['auth failed from <ADDR>']}"));
        WardenProcess.Result list = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString());
        assertThat(list.exitCode()).isEqualTo(1);
        assertThat(list.stderr()).isEqualTo(refused);
        List<String> ids = new java.util.ArrayList<>(List.of("opensmtpd", "sshd", "regex"));
        ids.addAll(FilterLibraryIT.LIBRARY); // the library's dovecot: the jar's is not loaded
        ids.addAll(List.of("pf", "log", "nftables", "command"));
        assertThat(list.stdoutLines().stream().skip(1).map(l -> columns(l).get(1))).containsExactlyElementsOf(ids);
        for (String command : new String[] {"validate", "scan"}) {
            WardenProcess.Result r = WardenProcess.run(dir, command, "-c", cfg.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.stderr()).as(command).isEqualTo(refused + "error: " + cfg + ":7: jails.imap.actions[0]: "
                    + "unknown action \"quiet\" (known actions: pf, log, nftables, command)\n");
        }
        WardenProcess.Result test = WardenProcess.run(dir, "plugins", "--describe", "dovecot",
                "--plugin-dir", plugins.toString());
        assertThat(test.stderr()).isEqualTo(refused);
        assertThat(test.stdout()).as("the library's dovecot, no code of the refused folder").contains("library")
                .doesNotContain("dovecot.jar");

        // trusted again, but one jar is a link and another one's group may write it
        Files.setAttribute(plugins, "unix:mode", 0755);
        Path elsewhere = TestPluginJar.filter("com.example.Linked", "linked").write(dir.resolve("linked.jar"));
        Path link = Files.createSymbolicLink(plugins.resolve("linked.jar"), elsewhere);
        Path writable = TestPluginJar.filter("com.example.Open", "open").write(plugins.resolve("open.jar"));
        Files.setAttribute(writable, "unix:mode", 0664);
        WardenProcess.Result skipped = WardenProcess.run(dir, "plugins", "--plugin-dir", plugins.toString());
        assertThat(skipped.exitCode()).isEqualTo(1);
        assertThat(skipped.stderr()).isEqualTo("warden: plugin: " + link + ": a symbolic link (to " + elsewhere
                + "); put the jar itself in the plugin folder; skipped\n"
                + "warden: plugin: " + writable + ": writable by group (mode 0664); skipped\n");
        List<String> kept = new java.util.ArrayList<>(List.of("opensmtpd", "sshd", "regex", "dovecot"));
        kept.addAll(libraryBut("dovecot"));
        kept.addAll(List.of("pf", "log", "nftables", "command", "quiet"));
        assertThat(skipped.stdoutLines().stream().skip(1).map(l -> columns(l).get(1))).containsExactlyElementsOf(kept);
    }

    @Test
    void thePluginDirOfTheConfigIsUsedUnlessTheCommandLineNamesOne() throws Exception {
        goodJars();
        Path other = Files.createDirectories(dir.resolve("other"));
        Path cfg = Files.writeString(dir.resolve("warden.yaml"), "plugin-dir: plugins\njails: {}\n");
        WardenProcess.Result fromConfig = WardenProcess.run(dir, "plugins", "-c", cfg.toString());
        assertThat(fromConfig.exitCode()).as(fromConfig.stderr()).isZero();
        assertThat(fromConfig.stdout()).contains("dovecot", "quiet");
        WardenProcess.Result overridden = WardenProcess.run(dir, "plugins", "-c", cfg.toString(),
                "--plugin-dir", other.toString());
        assertThat(overridden.exitCode()).isZero();
        assertThat(overridden.stdout()).doesNotContain("dovecot.jar").doesNotContain("quiet").contains("opensmtpd");
        // a missing folder is no plugins; a named configuration that cannot be read is exit 2
        assertThat(WardenProcess.run(dir, "plugins", "--plugin-dir", "nowhere").exitCode()).isZero();
        WardenProcess.Result missing = WardenProcess.run(dir, "plugins", "-c", "none.yaml");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.stderr()).isEqualTo("error: none.yaml: file not found\n");
        // also with --plugin-dir: the configuration still names the filters' folder
        WardenProcess.Result missingWithDir = WardenProcess.run(dir, "plugins", "-c", "none.yaml",
                "--plugin-dir", other.toString());
        assertThat(missingWithDir.exitCode()).isEqualTo(2);
        assertThat(missingWithDir.stderr()).isEqualTo("error: none.yaml: file not found\n");
    }

    @Test
    void everyCommandThatLoadsPluginsTakesPluginDir() throws Exception {
        for (String command : new String[] {"run", "scan", "validate", "test-filter", "plugins"}) {
            WardenProcess.Result h = WardenProcess.run(dir, command, "--help");
            assertThat(h.exitCode()).isZero();
            assertThat(h.stdout()).as(command).contains("--plugin-dir=DIR");
        }
        WardenProcess.Result main = WardenProcess.run(dir, "--help");
        assertThat(main.stdout()).contains("plugins").contains("Exit codes:");
    }
}
