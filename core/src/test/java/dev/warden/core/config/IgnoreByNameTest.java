package dev.warden.core.config;

import dev.warden.core.net.HostResolver;
import dev.warden.core.net.SystemResolver;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Host names in {@code ignore} lists: resolved when the configuration is loaded, a failure a warning. */
class IgnoreByNameTest extends WithConfigFixture {

    private final List<String> asked = new ArrayList<>();

    /** Resolves from a table; any other name has no address. */
    private HostResolver table(Map<String, List<String>> names) {
        return name -> {
            asked.add(name);
            List<String> found = names.get(name);
            if (found == null) {
                throw new IOException("no such host");
            }
            return found.stream().map(a -> IpAddress.parse(a).orElseThrow()).toList();
        };
    }

    private ConfigResult<WardenConfig> load(String yaml, HostResolver resolver) {
        fx.write("warden.yaml", yaml);
        return ConfigLoader.load(dir.resolve("warden.yaml"), ConfigFixture.catalog(), ConfigFixture.DEFAULT_ZONE,
                resolver);
    }

    private static final String YAML = """
            ignore: [mx.example.org, 192.0.2.1]
            jails:
              a:
                logs: maillog
                filter: opensmtpd
                ignore: [MX.example.org, backup.example.org]
                actions: [log]
            """;

    @Test
    void aNameIgnoresEveryAddressItResolvesToAndIsLookedUpOncePerLoad() {
        ConfigResult<WardenConfig> r = load(YAML, table(Map.of(
                "mx.example.org", List.of("198.51.100.25", "2001:db8::25"),
                "backup.example.org", List.of("::ffff:203.0.113.9"))));
        assertThat(r.issues()).isEmpty();
        var ignore = r.value().orElseThrow().jails().get("a").ignore();
        for (String a : List.of("198.51.100.25", "2001:db8::25", "203.0.113.9", "192.0.2.1")) {
            assertThat(ignore.contains(IpAddress.parse(a).orElseThrow())).as(a).isTrue();
        }
        assertThat(ignore.contains(IpAddress.parse("198.51.100.26").orElseThrow())).isFalse();
        assertThat(asked).containsExactly("mx.example.org", "backup.example.org");
    }

    @Test
    void aNameThatDoesNotResolveIsAWarningAndIgnoresNothing() {
        ConfigResult<WardenConfig> r = load(YAML, table(Map.of("mx.example.org", List.of("198.51.100.25"))));
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.issues()).containsExactly(fx.warning(6, "jails.a.ignore[1]", "host name \"backup.example.org\""
                + " did not resolve (no such host): it ignores nothing until a reload resolves it"));
        assertThat(r.value().orElseThrow().jails().get("a").ignore().contains(IpAddress.parse("198.51.100.25")
                .orElseThrow())).isTrue();
    }

    @Test
    void whatIsNotWrittenLikeANameIsStillAnErrorAndNeverLookedUp() {
        ConfigResult<WardenConfig> r = load("ignore: [192.0.2.300, 'a b', -x.org, x_y.org, 10.0.0.0/33]\n" + YAML
                .replace("ignore: [mx.example.org, 192.0.2.1]\n", ""), table(Map.of()));
        assertThat(r.issues()).extracting(ConfigIssue::message).filteredOn(m -> m.startsWith("not an address"))
                .hasSize(5);
        assertThat(asked).containsExactly("mx.example.org", "backup.example.org");
    }

    @Test
    void theSystemResolverReadsEtcHosts() throws IOException {
        assertThat(new SystemResolver().resolve("localhost")).contains(IpAddress.parse("127.0.0.1").orElseThrow());
        assertThat(HostResolver.looksLikeName("localhost")).isTrue();
        assertThat(HostResolver.looksLikeName("192.0.2.300")).isFalse();
    }
}
