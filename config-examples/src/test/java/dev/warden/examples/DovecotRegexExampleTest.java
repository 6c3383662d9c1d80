package dev.warden.examples;

import dev.warden.core.api.Plugins;
import dev.warden.core.api.Setup;
import dev.warden.core.spi.Filter;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dovecot-regex.yaml}'s ignore pattern exempts webmail on the same host (dovecot's own {@code rip=}
 * field is a loopback address), and nothing a client writes into its user name can make it exempt an
 * attacker: the pattern anchors on dovecot's text at both ends of the message.
 */
class DovecotRegexExampleTest {

    private static final String LOGIN = "Nov  7 10:00:00 mail dovecot[1201]: imap-login: Disconnected (auth failed, "
            + "1 attempts in 2 secs): user=<";

    @Test
    void loopbackLoginsAreIgnoredAndNoUserNameCanGetAnAttackerIgnored(@TempDir Path dir) {
        List<String> got = run(dir,
                LOGIN + "admin>, method=PLAIN, rip=203.0.113.5, lip=192.0.2.25, TLS, session=<kq1uVwqNbsDAAgAK>",
                LOGIN + "alice>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, secured, session=<lR2uVwqNfsDAAgAL>",
                LOGIN + "bob>, method=LOGIN, rip=::1, lip=::1, TLS: Disconnected, TLSv1.3 with cipher "
                        + "TLS_AES_256_GCM_SHA384 (256/256 bits)",
                // a user name holding the ignored field, alone and as a whole forged tail
                LOGIN + "x rip=127.0.0.1, >, method=PLAIN, rip=203.0.113.66, lip=192.0.2.25, TLS, session=<a>",
                LOGIN + "x>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, session=<>, method=PLAIN, "
                        + "rip=203.0.113.67, lip=192.0.2.25",
                LOGIN + "x>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, TLS, session=<b>, method=PLAIN, "
                        + "rip=203.0.113.68, lip=192.0.2.25, TLS, session=<c>",
                LOGIN + "x>, method=PLAIN, rip=127.0.0.1, lip=127.0.0.1, session=<>, method=PLAIN, "
                        + "rip=203.0.113.69, lip=192.0.2.25, TLS");
        assertThat(got).containsExactly("1 203.0.113.5", "4 203.0.113.66", "5 203.0.113.67", "6 203.0.113.68",
                "7 203.0.113.69");
    }

    /** The example's dovecot jail, as {@code warden test-filter dovecot LOG -c dovecot-regex.yaml} builds it. */
    private static List<String> run(Path dir, String... lines) {
        try (Plugins plugins = Plugins.discover(dir.resolve("no-plugins"), "test")) {
            Setup setup = Setup.load(plugins, Clock.fixed(FilterRunner.REFERENCE, ZoneOffset.UTC),
                    Path.of("dovecot-regex.yaml").toAbsolutePath(), List.of(), false);
            assertThat(setup.hasErrors()).as("%s", setup.issues()).isFalse();
            Filter filter = setup.filter("dovecot").orElseThrow();
            byte[] log = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
            return FilterRunner.run(filter, log, "maillog").stream().map(d -> d.line() + " " + d.address()).toList();
        }
    }
}
