package dev.warden.core.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The top-level {@code fleet} section: read and validated like any other (file:line:key, suggestions). */
class FleetConfigTest extends WithConfigFixture {

    private static final String JAILS = """
            jails:
              sshd:
                logs: maillog
                filter: opensmtpd
                actions: [{type: log}]
              smtpd-auth:
                logs: maillog
                filter: opensmtpd
                actions: [{type: log}]
            """;

    @BeforeEach
    void setUp() {
        fx.write("maillog", "");
    }

    @Test
    void noFleetByDefault() {
        assertThat(fx.load(JAILS).value().orElseThrow().fleet()).isEmpty();
    }

    @Test
    void theIssuesExample() {
        FleetSettings f = fx.load("""
                fleet:
                  redis: redis://mx1:s%40cret@10.0.0.5:6380/2
                  node: mx1
                  stream: warden:bans
                  publish: [smtpd-auth, sshd]
                  actions: [{type: log}]
                """ + JAILS).value().orElseThrow().fleet().orElseThrow();
        assertThat(f.redis()).isEqualTo(new RedisAddress(false, "mx1", "s@cret", "10.0.0.5", 6380, 2));
        assertThat(f.redis()).hasToString("redis://mx1:***@10.0.0.5:6380/2");
        assertThat(f.node()).isEqualTo("mx1");
        assertThat(f.stream()).isEqualTo("warden:bans");
        assertThat(f.publish()).contains(Set.of("sshd", "smtpd-auth"));
        assertThat(f.actions()).extracting(PluginRef::type).containsExactly("log");
    }

    @Test
    void defaultsEveryJailTheHostNameAndWardenBans() {
        FleetSettings f = fx.load("fleet:\n  redis: rediss://[::1]\n  actions: [log]\n" + JAILS)
                .value().orElseThrow().fleet().orElseThrow();
        assertThat(f.redis()).isEqualTo(new RedisAddress(true, null, null, "::1", 6379, 0));
        assertThat(f.node()).isEqualTo(FleetReader.hostName()).matches(FleetSettings.NODE);
        assertThat(f.stream()).isEqualTo(FleetSettings.DEFAULT_STREAM);
        assertThat(f.publish()).isEqualTo(Optional.empty());
        assertThat(f.publishes("sshd")).isTrue();
        FleetSettings none = fx.load("fleet:\n  redis: redis://h\n  publish: []\n  actions: [log]\n" + JAILS)
                .value().orElseThrow().fleet().orElseThrow();
        assertThat(none.publishes("sshd")).isFalse();
    }

    @Test
    void theSameSectionOnOtherLinesIsTheSameForAReload() {
        String fleet = "fleet:\n  redis: redis://:pw@h\n  publish: [sshd]\n  actions: [{type: pf, table: t}]\n";
        FleetSettings one = fx.load(fleet + JAILS).value().orElseThrow().fleet().orElseThrow();
        FleetSettings two = fx.load("ignore: []\n" + fleet + JAILS).value().orElseThrow().fleet().orElseThrow();
        assertThat(two.withoutActions()).isEqualTo(one.withoutActions());
        FleetSettings other = fx.load(fleet.replace("[sshd]", "[]") + JAILS).value().orElseThrow().fleet().orElseThrow();
        assertThat(other.withoutActions()).isNotEqualTo(one.withoutActions());
    }

    @Test
    void aPasswordOnlyIsTheDefaultUsers() {
        assertThat(RedisAddress.parse("redis://:pw@h:1/0")).contains(new RedisAddress(false, null, "pw", "h", 1, 0));
        assertThat(RedisAddress.parse("redis://:pw@h:1/0").orElseThrow()).hasToString("redis://:***@h:1/0");
        for (String bad : new String[] {"h:6379", "http://h", "redis://", "redis://h/x", "redis://h/1?a=b",
                "redis://h:0", "redis://h/-1"}) {
            assertThat(RedisAddress.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void everyProblemWithItsLineAndKeyAndNoPasswordInTheMessage() {
        ConfigResult<WardenConfig> r = fx.load("""
                fleet:
                  redis: http://user:hunter2@h
                  node: "mx 1"
                  stream: ""
                  publish: [sshd, smtp-auth]
                  actoins: [log]
                """ + JAILS);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.issues()).extracting(Object::toString).anySatisfy(i -> assertThat(i)
                        .contains(":2: fleet.redis: expected redis://").doesNotContain("hunter2"))
                .anySatisfy(i -> assertThat(i).contains(":3: fleet.node: node name \"mx 1\""))
                .anySatisfy(i -> assertThat(i).contains(":4: fleet.stream: must not be empty"))
                .anySatisfy(i -> assertThat(i).contains(":5: fleet.publish[1]: no jail \"smtp-auth\"")
                        .contains("smtpd-auth"))
                .anySatisfy(i -> assertThat(i).contains(":6: fleet.actoins: unknown key").contains("actions"))
                .anySatisfy(i -> assertThat(i).contains(":2: fleet.actions: missing required key"));
    }

    @Test
    void actionsAreCheckedLikeAJails() {
        ConfigResult<WardenConfig> r = fx.load("fleet:\n  redis: redis://h\n  actions: [{type: pf, tabel: bot}]\n"
                + JAILS);
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.issues()).extracting(Object::toString)
                .anySatisfy(i -> assertThat(i).contains(":3: fleet.actions[0]"));
        assertThat(fx.load("fleet: redis://h\n" + JAILS).issues()).extracting(Object::toString)
                .anySatisfy(i -> assertThat(i).contains(":1: fleet: expected a map"));
    }
}
