package dev.warden.cli;

import dev.warden.core.fleet.RedisServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 15, trust: a Redis that speaks TLS only ({@code rediss://}), its certificate from a private CA given to
 * the JVM as docs/fleet.md says (a trust store in {@code javax.net.ssl.trustStore}). With it, a ban on A reaches B;
 * without it, and with a host name the certificate does not list, the daemon refuses the connection with a clear
 * message and runs on.
 */
class FleetTlsIT extends WithFleetFixture {

    private Path trustStore;

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    /** A Redis that speaks TLS only, its certificate (for IP 127.0.0.1) from a private CA made here. */
    @Override
    RedisServer startRedis(Path redisDir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "2", "-subj", "/CN=warden test CA");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "redis.key", "-out", "redis.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "redis.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "redis.pem", "-days", "2", "-extfile", "san.ext");
        trustStore = dir.resolve("truststore.p12");
        run(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "redis-ca", "-file", "ca.pem", "-keystore", trustStore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit");
        return RedisServer.startTls(redisDir, dir.resolve("redis.pem"), dir.resolve("redis.key"),
                dir.resolve("ca.pem"));
    }

    private DaemonFixture fixture(String node, String host) throws Exception {
        return node(node, fleetAt("rediss://" + host + ":" + redis.port(), node, "fleet") + smtpdJail());
    }

    private List<String> trusting() {
        List<String> jvm = new ArrayList<>(DaemonProcess.DEFAULT_JVM_OPTIONS);
        jvm.addAll(List.of("-Djavax.net.ssl.trustStore=" + trustStore, "-Djavax.net.ssl.trustStorePassword=changeit"));
        return jvm;
    }

    @Test
    void aPrivateCaGivenToTheJvmCarriesTheFleetOverTlsAndAnUntrustedOrMisnamedServerIsRefused() throws Exception {
        DaemonFixture a = fixture("a", "127.0.0.1");
        DaemonFixture b = fixture("b", "127.0.0.1");
        DaemonFixture c = fixture("c", "127.0.0.1"); // without the CA
        DaemonFixture d = fixture("d", "localhost"); // a name the certificate does not list
        try (DaemonProcess da = a.start(trusting()); DaemonProcess db = b.start(trusting());
             DaemonProcess dc = c.start(); DaemonProcess dd = d.start(trusting())) {
            Thread.sleep(700);
            assertThat(a.warden("ban", "smtpd", "203.0.113.5").exitCode()).isZero();
            assertThat(DaemonProcess.await(Duration.ofSeconds(5),
                    () -> b.pfctlCalls().contains("-t fleet -T add 203.0.113.5"))).as("B: %s", b.pfctlCalls()).isTrue();
            assertThat(b.warden("status").stdout()).contains("fleet (node b, stream warden:bans at rediss://127.0.0.1:")
                    .contains("connected:        yes");

            assertThat(eventually(Duration.ofSeconds(10), () -> dc.stderr().contains("fleet: cannot read the stream (")
                    && dd.stderr().contains("fleet: cannot read the stream ("))).isTrue();
            assertThat(dc.stderr()).contains("PKIX path building failed");
            assertThat(dd.stderr()).contains("SSLHandshakeException: No name matching localhost found");
            assertThat(c.pfctlCalls()).doesNotContain("-t fleet -T add 203.0.113.5");
            assertThat(d.pfctlCalls()).doesNotContain("-t fleet -T add 203.0.113.5");
            assertThat(c.warden("status").stdout()).contains("connected:        no");
            for (DaemonProcess p : List.of(da, db, dc, dd)) {
                assertThat(p.isAlive()).isTrue();
                assertThat(p.stderr()).doesNotContain("\tat ").doesNotContain("RESP3");
            }
            assertThat(dc.stderr().split("fleet: cannot read the stream", -1)).as("one warning per outage, not per try")
                    .hasSize(2);
        }
    }
}
