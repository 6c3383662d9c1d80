package dev.warden.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15, trust: one Redis ACL user per node (user:password in the URL), with exactly the ACL lines of
 * docs/fleet.md; the default user is off. A node with the publishing user bans on the others; a node whose user
 * may only read applies the fleet's bans but cannot publish (a clear message, its bans waiting, no crash); a node
 * with a wrong password says so.
 */
class FleetAclIT extends WithFleetFixture {

    /** docs/fleet.md, "Trust": a node that publishes and applies (PASSWORD and NODE replaced). */
    static final String PUBLISHING = "ACL SETUSER NODE on >PASSWORD resetkeys ~warden:bans ~warden:bans:* resetchannels"
            + " -@all +ping +select +client|setname +multi +exec +xadd +xtrim +xread +xrange +xrevrange +hset +hdel"
            + " +hgetall +hlen +zadd +zrem +zrange +zrangebyscore +zcard";
    /** docs/fleet.md, "Trust": a node that only applies the fleet's bans. */
    static final String APPLYING = "ACL SETUSER NODE on >PASSWORD resetkeys ~warden:bans ~warden:bans:* resetchannels"
            + " -@all +ping +select +client|setname +xread +xrange +xrevrange +hgetall +zrangebyscore";

    private DaemonFixture a;
    private DaemonFixture c;
    private DaemonFixture d;

    @BeforeEach
    void setUp() throws Exception {
        try (Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            acl(admin, PUBLISHING.replace("NODE", "a").replace("PASSWORD", "pw-a"));
            acl(admin, APPLYING.replace("NODE", "c").replace("PASSWORD", "pw-c"));
            acl(admin, "ACL SETUSER admin on >pw-admin ~* &* +@all");
            admin.auth("admin", "pw-admin");
            acl(admin, "ACL SETUSER default off");
        }
        a = fixture("a", "a:pw-a");
        c = fixture("c", "c:pw-c");
        d = fixture("d", "a:not-the-password");
    }

    private static void acl(Jedis admin, String line) {
        List<String> words = List.of(line.split(" "));
        admin.sendCommand(Protocol.Command.ACL, words.subList(1, words.size()).toArray(String[]::new));
    }

    /** Node {@code node}, logging in to Redis as {@code credentials} (USER:PASSWORD). */
    private DaemonFixture fixture(String node, String credentials) throws Exception {
        return node(node, fleetAt("redis://" + credentials + "@127.0.0.1:" + redis.port(), node, "fleet")
                + smtpdJail());
    }

    @Test
    void aUserPerNodeAReadOnlyNodeAppliesButCannotPublishAndAWrongPasswordIsNamed() throws Exception {
        try (DaemonProcess da = a.start(); DaemonProcess dc = c.start(); DaemonProcess dd = d.start()) {
            Thread.sleep(700);
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            assertThat(eventually(() -> c.pfctlCalls().contains("-t fleet -T add 203.0.113.5")))
                    .as("C reads with its own user: %s", c.pfctlCalls()).isTrue();
            assertThat(eventually(() -> a.warden("status").stdout().contains("published:        1 (0 waiting")))
                    .isTrue();

            assertThat(c.warden("ban", "smtpd", "198.51.100.9").exitCode()).as("local banning goes on").isZero();
            assertThat(c.pfctlCalls()).contains("-t bot -T add 198.51.100.9");
            assertThat(eventually(() -> c.warden("status").stdout().contains("connected:        no (sending: EXECABORT"
                    + " Transaction discarded because of: NOPERM this user has no permissions to run the 'exec' command)")))
                    .as(c.warden("status").stdout()).isTrue();
            assertThat(c.warden("status").stdout()).contains("published:        0 (1 waiting, 0 dropped)");
            assertThat(dc.stderr()).contains("fleet: cannot send to Redis (EXECABORT").contains("; 1 bans wait, trying again");
            Thread.sleep(500);
            assertThat(a.pfctlCalls()).as("nothing of C's reached A").doesNotContain("-t fleet -T add 198.51.100.9");

            assertThat(eventually(() -> d.warden("status").stdout().contains("connected:        no (reading: not"
                    + " connected)"))).isTrue();
            assertThat(dd.stderr()).contains("fleet: cannot read the stream (WRONGPASS");
            assertThat(dd.stderr()).doesNotContain("not-the-password");
            assertThat(d.pfctlCalls()).doesNotContain("-t fleet -T add 203.0.113.5");

            assertThat(da.stderr()).as("the publishing user may trim").doesNotContain("cannot trim");
            assertThat(List.of(da, dc, dd)).allMatch(DaemonProcess::isAlive);
            for (DaemonProcess p : List.of(da, dc, dd)) {
                assertThat(p.stderr()).doesNotContain("\tat ");
            }
        }
    }
}
