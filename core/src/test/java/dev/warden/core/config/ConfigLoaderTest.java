package dev.warden.core.config;

import dev.warden.core.net.Cidr;
import dev.warden.core.net.PrefixLengths;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.PluginConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What valid configuration loads to. Errors are in {@link ConfigErrorsTest}. */
class ConfigLoaderTest extends WithConfigFixture {

    private static List<String> ranges(dev.warden.core.net.IgnoreList list) {
        return list.entries().stream().map(Cidr::toString).toList();
    }

    @Test
    void contractExampleLoadsToTheExpectedModel() {
        fx.write("mail/ignore.txt", "# relays\n192.0.2.1\n198.51.100.0/24  # office\n");
        WardenConfig config = fx.loadClean("""
                ignore: [127.0.0.0/8, "::1"]
                ignore-files: [DIR/mail/ignore.txt]
                jails:
                  smtpd-auth:
                    logs: [DIR/maillog]
                    filter: opensmtpd            # short form; long form: {type: opensmtpd, <option>: ...}
                    max-retry: 11
                    find-time: 1d
                    ban-time: 5d
                    actions:
                      - type: pf
                        table: bot
                        pfctl: /sbin/pfctl
                """);

        assertThat(config.source()).isEqualTo(fx.config);
        assertThat(ranges(config.ignore()))
                .containsExactly("127.0.0.0/8", "::1/128", "192.0.2.1/32", "198.51.100.0/24");
        assertThat(config.jails()).containsOnlyKeys("smtpd-auth");
        JailDefinition jail = config.jail("smtpd-auth").orElseThrow();
        assertThat(jail.name()).isEqualTo("smtpd-auth");
        assertThat(jail.enabled()).isTrue();
        assertThat(jail.logs()).containsExactly(dir.resolve("maillog").toString());
        assertThat(jail.maxRetry()).isEqualTo(11);
        assertThat(jail.findTime()).isEqualTo(Duration.ofDays(1));
        assertThat(jail.banTime()).isEqualTo(Duration.ofDays(5));
        assertThat(jail.timezone()).isEqualTo(ConfigFixture.DEFAULT_ZONE);
        assertThat(jail.ignore()).isEqualTo(config.ignore());

        PluginRef filter = jail.filter();
        assertThat(filter.type()).isEqualTo("opensmtpd");
        assertThat(filter.line()).isEqualTo(6);
        assertThat(filter.yamlPath()).isEqualTo("jails.smtpd-auth.filter");
        assertThat(filter.options().isSet("mode")).isFalse();
        assertThat(filter.options().string("mode")).isEqualTo("auth");
        assertThat(filter.options().duration("session-timeout")).isEqualTo(Duration.ofMinutes(10));

        assertThat(jail.actions()).hasSize(1);
        PluginRef pf = jail.actions().get(0);
        assertThat(pf.type()).isEqualTo("pf");
        assertThat(pf.line()).isEqualTo(11);
        assertThat(pf.yamlPath()).isEqualTo("jails.smtpd-auth.actions[0]");
        assertThat(pf.file()).isEqualTo(fx.config.toString());
        assertThat(pf.options().string("table")).isEqualTo("bot");
        assertThat(pf.options().path("pfctl")).isEqualTo(Path.of("/sbin/pfctl"));
        assertThat(pf.options().duration("timeout")).isEqualTo(Duration.ofSeconds(30));
        assertThat(pf.optionLines()).isEqualTo(Map.of("table", 12, "pfctl", 13));

        assertThat(config.stateDir()).isEqualTo(Path.of("/var/db/warden"));
        assertThat(config.socket()).isEqualTo(Path.of("/var/run/warden.sock"));
        assertThat(config.pluginDir()).isEqualTo(Path.of("/usr/local/lib/warden/plugins"));
    }

    @Test
    void jailDefaults() {
        WardenConfig config = fx.loadClean("""
                jails:
                  minimal:
                    logs: DIR/maillog
                    filter: opensmtpd
                    actions: [log]
                """);
        JailDefinition jail = config.jail("minimal").orElseThrow();
        assertThat(jail.enabled()).isTrue();
        assertThat(jail.logs()).containsExactly(dir.resolve("maillog").toString());
        assertThat(jail.maxRetry()).isEqualTo(5);
        assertThat(jail.findTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(jail.banTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(jail.timezone()).isEqualTo(ConfigFixture.DEFAULT_ZONE);
        assertThat(jail.ignore().isEmpty()).isTrue();
        assertThat(config.ignore().isEmpty()).isTrue();
        assertThat(jail.actions()).extracting(PluginRef::type).containsExactly("log");
        assertThat(jail.actions().get(0).yamlPath()).isEqualTo("jails.minimal.actions[0]");
        assertThat(jail.actions().get(0).line()).isEqualTo(5);
    }

    @Test
    void systemZoneIsTheDefaultTimezone() {
        fx.write("warden.yaml", "jails:\n  a: {logs: maillog, filter: opensmtpd, actions: [log]}\n");
        ConfigResult<WardenConfig> result = ConfigLoader.load(fx.config, ConfigFixture.catalog());
        assertThat(result.value().orElseThrow().jail("a").orElseThrow().timezone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void longFormsCarryTypedOptionsAndTheirLines() {
        WardenConfig config = fx.loadClean("""
                jails:
                  custom:
                    enabled: false
                    logs: [DIR/maillog]
                    timezone: Europe/Paris
                    filter:
                      type: regex
                      tag: sshd
                      fail:
                        - "fail one"
                        - fail two
                        - "((bad"
                      max-lines: 3
                      ignore-case: true
                      weight: 0.5
                    actions:
                      - log
                      - {type: pf, table: 010, kill: sources, timeout: 90}
                      - type: log
                        level: warn
                """);
        JailDefinition jail = config.jail("custom").orElseThrow();
        assertThat(jail.enabled()).isFalse();
        assertThat(jail.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
        PluginRef regex = jail.filter();
        assertThat(regex.type()).isEqualTo("regex");
        assertThat(regex.line()).isEqualTo(7);
        assertThat(regex.options().string("tag")).isEqualTo("sshd");
        assertThat(regex.options().strings("fail")).containsExactly("fail one", "fail two", "((bad");
        assertThat(regex.options().integer("max-lines")).isEqualTo(3);
        assertThat(regex.options().bool("ignore-case")).isTrue();
        assertThat(regex.options().decimal("weight")).isEqualTo(0.5);
        assertThat(regex.optionLines()).containsEntry("fail", 9).containsEntry("fail[2]", 12)
                .containsEntry("max-lines", 13);

        assertThat(jail.actions()).extracting(PluginRef::type).containsExactly("log", "pf", "log");
        PluginRef pf = jail.actions().get(1);
        assertThat(pf.line()).isEqualTo(18);
        assertThat(pf.options().string("table")).as("kept as written, not YAML's octal or int").isEqualTo("010");
        assertThat(pf.options().string("kill")).isEqualTo("sources");
        assertThat(pf.options().duration("timeout")).isEqualTo(Duration.ofSeconds(90));
        assertThat(pf.options().path("pfctl")).isEqualTo(Path.of("/sbin/pfctl"));
        assertThat(jail.actions().get(2).options().string("level")).isEqualTo("warn");
        assertThat(jail.actions().get(2).yamlPath()).isEqualTo("jails.custom.actions[2]");
    }

    @Test
    void pluginExceptionsMapToTheOptionsLineAndPath() throws Exception {
        WardenConfig config = fx.loadClean("""
                jails:
                  custom:
                    logs: DIR/maillog
                    filter:
                      type: regex
                      tag: sshd
                      fail:
                        - ok
                        - "((bad"
                    actions:
                      - log
                      - type: pf
                        table: bot
                """);
        JailDefinition jail = config.jail("custom").orElseThrow();
        PluginRef regex = jail.filter();
        PluginConfigException e = null;
        try {
            new dev.warden.core.plugin.RegexTestFilter().create(regex.options(), null);
        } catch (PluginConfigException thrown) {
            e = thrown;
        }
        assertThat(e).isNotNull();
        assertThat(regex.issueFor(e)).isEqualTo(fx.error(9, "jails.custom.filter.fail[1]", "unbalanced parenthesis"));
        assertThat(regex.issueFor(new PluginConfigException("fail[7]", "m")))
                .isEqualTo(fx.error(7, "jails.custom.filter.fail[7]", "m"));
        assertThat(regex.issueFor(new PluginConfigException("tag", "no such program")))
                .hasToString(fx.config + ":6: jails.custom.filter.tag: no such program");
        assertThat(regex.issueFor(new PluginConfigException("max-lines", "too many")))
                .isEqualTo(fx.error(5, "jails.custom.filter.max-lines", "too many"));
        PluginRef log = jail.actions().get(0);
        assertThat(log.issueFor(new PluginConfigException("level", "m")))
                .isEqualTo(fx.error(11, "jails.custom.actions[0].level", "m"));
        assertThat(jail.actions().get(1).issueFor(new PluginConfigException("table", "too long")))
                .isEqualTo(fx.error(13, "jails.custom.actions[1].table", "too long"));
    }

    @Test
    void relativePathsResolveAgainstTheConfigDirectoryAndGlobsAreKept() {
        fx.write("logs/a.log", "");
        fx.write("lists/ignore.txt", "10.0.0.0/8\n");
        WardenConfig config = fx.loadClean("""
                state-dir: state
                socket: run/warden.sock
                plugin-dir: ../plugins
                jails:
                  rel:
                    logs: [logs/a.log, "logs/*.log", "logs/[ab].log", "logs/b?.log", logs/sub/../a.log]
                    filter: opensmtpd
                    ignore-files: [lists/ignore.txt]
                    actions: [log]
                """);
        assertThat(config.stateDir()).isEqualTo(dir.resolve("state"));
        assertThat(config.socket()).isEqualTo(dir.resolve("run/warden.sock"));
        assertThat(config.pluginDir()).isEqualTo(dir.getParent().resolve("plugins"));
        JailDefinition jail = config.jail("rel").orElseThrow();
        assertThat(jail.logs()).containsExactly(dir + "/logs/a.log", dir + "/logs/*.log", dir + "/logs/[ab].log",
                dir + "/logs/b?.log", dir + "/logs/a.log");
        assertThat(jail.ignore().contains(IpAddress.parse("10.1.2.3").orElseThrow())).isTrue();
    }

    @Test
    void jailIgnoreListIsItsOwnEntriesAndFilesUnitedWithTheGlobalOnes() {
        fx.write("global.txt", "192.0.2.0/24\n");
        fx.write("jail.txt", "198.51.100.7\n");
        WardenConfig config = fx.loadClean("""
                ignore: [127.0.0.1]
                ignore-files: [global.txt]
                jails:
                  a:
                    logs: maillog
                    filter: opensmtpd
                    actions: [log]
                    ignore: ["2001:db8::/32"]
                    ignore-files: [jail.txt, global.txt]
                  b:
                    logs: maillog
                    filter: opensmtpd
                    actions: [log]
                """);
        assertThat(ranges(config.ignore())).containsExactly("127.0.0.1/32", "192.0.2.0/24");
        assertThat(ranges(config.jail("a").orElseThrow().ignore()))
                .containsExactlyInAnyOrder("2001:db8::/32", "198.51.100.7/32", "192.0.2.0/24", "127.0.0.1/32");
        assertThat(config.jail("b").orElseThrow().ignore()).isEqualTo(config.ignore());
        assertThat(config.jails().keySet()).containsExactly("a", "b");
    }

    @Test
    void jailsKeepFileOrder() {
        WardenConfig config = fx.loadClean("""
                jails:
                  zeta: {logs: maillog, filter: opensmtpd, actions: [log]}
                  alpha: {logs: maillog, filter: opensmtpd, actions: [log]}
                  mid: {logs: maillog, filter: opensmtpd, actions: [log]}
                """);
        assertThat(config.jails().keySet()).containsExactly("zeta", "alpha", "mid");
    }

    @Test
    void durationsInAllSpellings() {
        ConfigResult<WardenConfig> loaded = fx.load("""
                jails:
                  a: {logs: maillog, filter: opensmtpd, actions: [log], find-time: 1h30m, ban-time: 1w,
                      enabled: "false"}
                  b: {logs: maillog, filter: opensmtpd, actions: [log], find-time: 600, ban-time: 900s}
                  c: {logs: maillog, filter: opensmtpd, actions: [log], find-time: 0}
                """);
        assertThat(loaded.issues()).as("legal, but a find-time of 0 is almost surely wrong").singleElement()
                .satisfies(i -> assertThat(i.isError()).isFalse())
                .asString().contains(":5: jails.c.find-time: warning: find-time 0s is shorter than a minute");
        WardenConfig config = loaded.value().orElseThrow();
        assertThat(config.jail("a").orElseThrow().findTime()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.jail("a").orElseThrow().enabled()).as("quoted booleans are accepted").isFalse();
        assertThat(config.jail("a").orElseThrow().banTime()).isEqualTo(Duration.ofDays(7));
        assertThat(config.jail("b").orElseThrow().findTime()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.jail("b").orElseThrow().banTime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.jail("c").orElseThrow().findTime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void prefixLengthsComeFromTheJailElseTheTopLevelElseFullLengths() {
        ConfigResult<WardenConfig> loaded = fx.load("""
                ipv6-prefix: 64
                jails:
                  a: {logs: maillog, filter: opensmtpd, actions: [log]}
                  b: {logs: maillog, filter: opensmtpd, actions: [log], ipv6-prefix: 56, ipv4-prefix: 24}
                  c: {logs: maillog, filter: opensmtpd, actions: [log], ipv6-prefix: 128}
                  d: {logs: maillog, filter: opensmtpd, actions: [log], ipv6-prefix: 32, ipv4-prefix: 16}
                """);
        assertThat(loaded.hasErrors()).isFalse();
        WardenConfig config = loaded.value().orElseThrow();
        assertThat(config.jail("a").orElseThrow().prefixes()).isEqualTo(new PrefixLengths(32, 64));
        assertThat(config.jail("b").orElseThrow().prefixes()).isEqualTo(new PrefixLengths(24, 56));
        assertThat(config.jail("c").orElseThrow().prefixes()).isEqualTo(PrefixLengths.FULL);
        assertThat(loaded.issues()).as("wider than a customer's usual network: legal, but said")
                .extracting(Object::toString).containsExactly(
                        fx.warning(6, "jails.d.ipv4-prefix", "ipv4-prefix 16 is shorter than an IPv4 /24: one ban"
                                + " would block every network inside it (see warden.yaml(5) for when a prefix fits)")
                                .toString(),
                        fx.warning(6, "jails.d.ipv6-prefix", "ipv6-prefix 32 is shorter than a site's IPv6 /48: one"
                                + " ban would block every network inside it (see warden.yaml(5) for when a prefix"
                                + " fits)").toString());
        assertThat(fx.load("jails:\n  a: {logs: maillog, filter: opensmtpd, actions: [log]}\n").value()
                .orElseThrow().jail("a").orElseThrow().prefixes()).isEqualTo(PrefixLengths.FULL);
    }

    @Test
    void disabledJailWithMissingLogLoadsWithAWarning() {
        ConfigResult<WardenConfig> result = fx.load("""
                jails:
                  off:
                    enabled: false
                    logs: [nope.log]
                    filter: opensmtpd
                    actions: [log]
                """);
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.issues()).containsExactly(
                fx.warning(4, "jails.off.logs[0]", "log file not found: " + dir.resolve("nope.log")
                        + " (read once it appears)"));
        assertThat(result.value()).isPresent();
    }
}
