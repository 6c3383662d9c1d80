package dev.warden.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden run --syslog=HOST:PORT}: the daemon's log lines, bans included, go to syslog (facility daemon). */
class DaemonSyslogIT {

    @Test
    void runLogsToSyslogOverUdp(@TempDir Path dir) throws Exception {
        Path pfctl = WardenProcess.fakePfctl(dir);
        Path log = Files.createFile(dir.resolve("maillog"));
        Path sockDir = Files.createTempDirectory(Path.of("/tmp"), "wsyslog");
        Path cfg = dir.resolve("warden.yaml");
        Files.writeString(cfg, """
                state-dir: state
                socket: %s
                poll-interval: 50ms
                jails:
                  smtpd:
                    logs: [maillog]
                    filter: opensmtpd
                    max-retry: 2
                    find-time: 1h
                    ban-time: 1h
                    actions: [{type: pf, table: bot, pfctl: %s}]
                """.formatted(sockDir.resolve("w.sock"), pfctl));
        Process p = null;
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(500);
            p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xmx128m", "-jar", WardenProcess.jar().toString(), "run", "-c",
                    cfg.toString(), "--syslog=127.0.0.1:" + syslog.getLocalPort())
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile()).start();
            List<String> got = new ArrayList<>();
            assertThat(receiveUntil(syslog, got, "warden running")).as(got.toString()).isTrue();
            String now = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).format(LocalDateTime.now());
            Files.writeString(log, now + " mail smtpd[1]: 00000000000000a1 smtp connected address=198.51.100.7"
                    + " host=<unknown>\n" + (now + " mail smtpd[1]: 00000000000000a1 smtp authentication"
                    + " user=a result=permfail\n").repeat(2));
            assertThat(receiveUntil(syslog, got, "[smtpd] ban 198.51.100.7 after 2 failures until"))
                    .as(got.toString()).isTrue();
            assertThat(got).allSatisfy(m -> assertThat(m).matches("(?s)<(2[4-9]|3[01])>.* warden\\[\\d+\\]: .*"));
            assertThat(Files.readString(dir.resolve("out.txt"))).as("stderr carries only the switch")
                    .doesNotContain("warden running");
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            Files.deleteIfExists(sockDir.resolve("w.sock"));
            Files.deleteIfExists(sockDir);
        }
    }

    /** Receives datagrams into {@code got} until one contains {@code text} (true) or 30 s pass (false). */
    private static boolean receiveUntil(DatagramSocket s, List<String> got, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        byte[] buf = new byte[8192];
        while (System.nanoTime() < deadline) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                s.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            }
            String m = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
            got.add(m);
            if (m.contains(text)) {
                return true;
            }
        }
        return false;
    }
}
