package dev.warden.cli;

import dev.warden.core.plugin.TestPluginJar;
import dev.warden.core.spi.Spi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon discovers its plugins again at every reload: a jar dropped into the plugin folder can be
 * used by the reloaded configuration, and a reload that a broken jar or an untrusted folder makes fail
 * leaves the running jails (and the plugin classes they use) as they were. Each load logs the jars whose
 * code it loaded, with their SHA-256.
 */
class DaemonPluginReloadIT {

    static final String IMAP = """
              imap:
                logs: [authlog]
                filter: imapd
                max-retry: 2
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot-imap, pfctl: PFCTL}]
            """;

    @TempDir
    Path dir;
    DaemonFixture f;
    Path plugins;

    @BeforeEach
    void setUp() throws Exception {
        f = DaemonFixture.in(dir);
        plugins = Files.createDirectories(dir.resolve("plugins"));
        f.config("plugin-dir: plugins\n" + DaemonReloadIT.SMTPD);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    /** Puts a jar in the plugin folder the way an operator should: written aside, then renamed over. */
    private void install(TestPluginJar jar, String name) throws Exception {
        Path aside = jar.write(dir.resolve(name + ".new"));
        Files.move(aside, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The INFO line of a jar the daemon loaded. */
    private String loaded(String jar) {
        return "INFO  plugin: " + plugins.resolve(jar) + ": loaded, version unknown, sha256 "
                + TestPluginJar.sha256(plugins.resolve(jar)) + "\n";
    }

    @Test
    void aReloadFindsANewJarAndARefusedOneLeavesTheRunningPluginAlone() throws Exception {
        TestPluginJar.notAJar(plugins.resolve("broken.jar"));
        install(TestPluginJar.action("com.example.QuietAction", "quiet"), "quiet.jar");
        try (DaemonProcess d = f.start()) {
            assertThat(d.stderr()).contains("warden: plugin: " + plugins.resolve("broken.jar") + ": not a jar file (")
                    .contains(loaded("quiet.jar"));

            install(TestPluginJar.filter("com.example.DovecotFilter", "imapd"), "dovecot.jar");
            f.config("plugin-dir: plugins\n" + DaemonReloadIT.SMTPD + IMAP);
            WardenProcess.Result reload = f.warden("reload");
            assertThat(reload.stderr()).isEmpty();
            assertThat(reload.stdout()).isEqualTo("reloaded: 2 jail(s)\n");
            assertThat(d.stderr()).contains("ERROR plugin: " + plugins.resolve("broken.jar") + ": not a jar file (")
                    .contains(loaded("dovecot.jar"));
            f.append("authlog", DaemonFixture.thisSecond(), "dovecot[1]: auth failed from 198.51.100.9",
                    "dovecot[1]: auth failed from 198.51.100.9");
            assertThat(f.awaitPfctlCalls(1)).containsExactly("-t bot-imap -T add 198.51.100.9");

            // the jar is replaced by one built for another SPI: the reload is refused, the old plugin runs on
            install(TestPluginJar.filter("com.example.DovecotFilter", "imapd")
                    .manifest(Spi.MANIFEST_ATTRIBUTE, "2"), "dovecot.jar");
            WardenProcess.Result refused = f.warden("reload");
            assertThat(refused.exitCode()).isEqualTo(2);
            assertThat(refused.stderr()).contains(f.config + ":" + f.configLine("filter: imapd")
                    + ": jails.imap.filter: unknown filter \"imapd\"");
            assertThat(d.stderr()).contains("ERROR plugin: " + plugins.resolve("dovecot.jar")
                    + ": built for Warden SPI 2, this Warden provides SPI 1; rebuild the plugin against warden-core ");
            f.append("authlog", DaemonFixture.thisSecond(), "dovecot[1]: auth failed from 198.51.100.10",
                    "dovecot[1]: auth failed from 198.51.100.10");
            assertThat(f.awaitPfctlCalls(2)).containsExactly("-t bot-imap -T add 198.51.100.9",
                    "-t bot-imap -T add 198.51.100.10");

            // the folder's group may now write it: nothing in it is even opened
            Files.setAttribute(plugins, "unix:mode", 0775);
            assertThat(f.warden("reload").exitCode()).isEqualTo(2);
            assertThat(d.stderr()).contains("ERROR plugin: " + plugins + ": writable by group (mode 0775); no plugins "
                    + "loaded from it\n");
            assertThat(d.stderr().lines().filter(l -> l.contains("built for Warden SPI 2"))).hasSize(1);
            assertThat(d.stop()).isZero();
        }
    }
}
