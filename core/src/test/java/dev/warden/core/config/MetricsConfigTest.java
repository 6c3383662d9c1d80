package dev.warden.core.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** metrics-listen and metrics-file. */
class MetricsConfigTest extends WithConfigFixture {

    private static final String JAILS = """
            jails:
              a:
                logs: maillog
                filter: opensmtpd
                actions: [{type: log}]
            """;

    @BeforeEach
    void setUp() {
        fx.write("maillog", "");
    }

    @Test
    void neitherByDefault() {
        WardenConfig c = fx.load(JAILS).value().orElseThrow();
        assertThat(c.metrics()).isEqualTo(MetricsSettings.NONE);
        assertThat(c.metrics().listens()).isFalse();
    }

    @Test
    void anIpv4OrBracketedIpv6AddressOrLocalhostWithAPort() {
        assertThat(fx.load("metrics-listen: 127.0.0.1:9632\nmetrics-file: /var/node/warden.prom\n" + JAILS)
                .value().orElseThrow().metrics())
                .isEqualTo(new MetricsSettings("127.0.0.1", 9632, Path.of("/var/node/warden.prom")));
        MetricsSettings v6 = fx.load("metrics-listen: '[::1]:9100'\n" + JAILS).value().orElseThrow().metrics();
        assertThat(v6).isEqualTo(new MetricsSettings("::1", 9100, null));
        assertThat(v6.listenText()).isEqualTo("[::1]:9100");
        assertThat(fx.load("metrics-listen: localhost:1\n" + JAILS).value().orElseThrow().metrics().listenPort())
                .isEqualTo(1);
    }

    @Test
    void anythingElseIsAnErrorWithItsLine() {
        for (String bad : new String[] {"9632", ":9632", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                "::1:9632", "[127.0.0.1]:9632", "mail.example.org:9632", "127.0.0.1:96x2"}) {
            ConfigResult<WardenConfig> r = fx.load("ignore: []\nmetrics-listen: '" + bad + "'\n" + JAILS);
            assertThat(r.hasErrors()).as(bad).isTrue();
            assertThat(r.issues()).as(bad).singleElement().asString()
                    .contains(":2: metrics-listen: expected HOST:PORT");
        }
    }
}
