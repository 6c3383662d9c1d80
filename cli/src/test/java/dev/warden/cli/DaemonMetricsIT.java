package dev.warden.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's metrics, read the three ways an operator can: {@code warden metrics}, {@code metrics-listen}
 * (HTTP) and {@code metrics-file}, after a ban, a failed action and an unban.
 */
class DaemonMetricsIT extends WithDaemonFixture {

    @Test
    void theCountersAreServedByTheCommandOverHttpAndInTheFile() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path file = dir.resolve("warden.prom");
        f.config("metrics-listen: 127.0.0.1:" + port + "\nmetrics-file: " + file + "\nsave-interval: 1s\n"
                + DaemonLifecycleIT.SMTPD);
        try (DaemonProcess d = f.start()) {
            assertThat(d.stderr()).contains("serving metrics on http://127.0.0.1:" + port + "/metrics");
            f.append("maillog", DaemonFixture.thisSecond(), DaemonLifecycleIT.FAIL_7, DaemonLifecycleIT.FAIL_7,
                    "smtpd[1]: auth failed from 203.0.113.9");
            f.awaitPfctlCalls(1);
            Files.createFile(dir.resolve("fail"));
            assertThat(f.warden("unban", "198.51.100.7").exitCode()).as("the delete fails: counted").isEqualTo(3);

            String[] expected = {
                "warden_lines_read_total{jail=\"smtpd\"} 3.0\n",
                "warden_failures_total{jail=\"smtpd\",kind=\"regex\"} 3.0\n",
                "warden_bans_total{jail=\"smtpd\"} 1.0\n",
                "warden_unbans_total{jail=\"smtpd\"} 1.0\n",
                "warden_bans_active{jail=\"smtpd\"} 0.0\n",
                "warden_addresses_tracked{jail=\"smtpd\"} 1.0\n",
                "warden_action_failures_total{action=\"pf\",jail=\"smtpd\"} 1.0\n",
                "warden_ban_latency_seconds_count{jail=\"smtpd\"} 1\n",
            };
            assertThat(await(() -> warden("metrics"), expected)).contains(expected);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(r.body()).contains(expected);
            assertThat(await(() -> read(file), expected)).as("rewritten every save-interval").contains(expected);
            assertThat(d.stop()).isZero();
        }
    }

    private String warden(String command) {
        try {
            WardenProcess.Result r = f.warden(command);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            return r.stdout();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code source} until it contains every one of {@code parts}, for up to 15 s; its last value. */
    private static String await(Supplier<String> source, String... parts) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String text;
        do {
            text = source.get();
            if (java.util.Arrays.stream(parts).allMatch(text::contains)) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return text;
    }
}
