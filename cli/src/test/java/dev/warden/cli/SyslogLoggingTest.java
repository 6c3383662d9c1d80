package dev.warden.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SyslogLogging} against a real UDP socket standing in for syslogd. Every test puts logback back as
 * {@link StderrLogConfigurator} left it, so the other tests in this JVM log to stderr as usual.
 */
class SyslogLoggingTest {

    /** RFC 3164 as logback writes it: PRI, "Mmm dd hh:mm:ss" (day padded with a space), host, then our tag. */
    private static final String HEADER = "<%d>[A-Z][a-z]{2} [ 1-3]\\d \\d{2}:\\d{2}:\\d{2} \\S+ warden\\[%d\\]: ";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private DatagramSocket syslogd;

    @BeforeEach
    void listen() throws IOException {
        syslogd = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        syslogd.setSoTimeout(10_000);
    }

    @AfterEach
    void restoreStderrLogging() {
        context.reset();
        StderrLogConfigurator configurator = new StderrLogConfigurator();
        configurator.setContext(context);
        configurator.configure(context);
        syslogd.close();
    }

    private String target() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + syslogd.getLocalPort();
    }

    @Test
    void infoLineArrivesAsDaemonInfoWithTheTagAndTheMessageOnly() throws IOException {
        new SyslogLogging(context).install(target());
        String marker = "banned 203.0.113.5 " + UUID.randomUUID();

        LoggerFactory.getLogger("dev.warden.test").info("[smtpd] {}", marker);

        String datagram = receiveContaining(marker);
        long pid = ProcessHandle.current().pid();
        // facility daemon (3) * 8 + severity info (6) = 30
        assertThat(datagram).matches(Pattern.compile(HEADER.formatted(30, pid) + Pattern.quote("[smtpd] " + marker)));
    }

    @Test
    void levelsMapToSyslogSeverities() throws IOException {
        new SyslogLogging(context).install(target());
        org.slf4j.Logger log = LoggerFactory.getLogger("dev.warden.test");
        String id = UUID.randomUUID().toString();

        log.warn("w {}", id);
        log.error("e {}", id);
        log.debug("d {}", id);   // below the root level INFO: never sent
        log.info("i {}", id);

        long pid = ProcessHandle.current().pid();
        assertThat(receiveContaining("w " + id)).matches(HEADER.formatted(28, pid) + "w " + id);   // warning = 4
        assertThat(receiveContaining("e " + id)).matches(HEADER.formatted(27, pid) + "e " + id);   // err = 3
        // The next line of ours is the info one: the debug line was not sent in between.
        assertThat(receiveContaining(id)).matches(HEADER.formatted(30, pid) + "i " + id);
    }

    @Test
    void aStackTraceFollowsLineByLineWithTheSameTag() throws IOException {
        new SyslogLogging(context).install(target());
        String id = UUID.randomUUID().toString();

        LoggerFactory.getLogger("dev.warden.test").error("pfctl failed {}", id, new IllegalStateException("bad " + id));

        long pid = ProcessHandle.current().pid();
        assertThat(receiveContaining("pfctl failed " + id)).matches(HEADER.formatted(27, pid) + "pfctl failed " + id);
        assertThat(receiveContaining("bad " + id))
                .matches(HEADER.formatted(27, pid) + "\\tjava\\.lang\\.IllegalStateException: bad " + id);
        assertThat(receiveContaining("\tat ")).matches(HEADER.formatted(27, pid) + "\\tat .*");
    }

    @Test
    void syslogReplacesTheStderrAppender() {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(appenderNames(root)).containsExactly("stderr");

        new SyslogLogging(context).install(target());

        assertThat(appenderNames(root)).containsExactly(SyslogLogging.APPENDER_NAME);
    }

    @Test
    void aMalformedTargetIsRefusedAndStderrStays() {
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

        assertThatThrownBy(() -> new SyslogLogging(context).install("localhost:syslog"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'localhost:syslog' is not HOST[:PORT]");
        assertThatThrownBy(() -> new SyslogLogging(context).install("localhost:70000"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("70000");

        assertThat(appenderNames(root)).containsExactly("stderr");
    }

    @Test
    void targetsParse() {
        assertThat(SyslogLogging.Target.parse(null)).isEqualTo(new SyslogLogging.Target("localhost", 514));
        assertThat(SyslogLogging.Target.parse(" ")).isEqualTo(new SyslogLogging.Target("localhost", 514));
        assertThat(SyslogLogging.Target.parse("loghost")).isEqualTo(new SyslogLogging.Target("loghost", 514));
        assertThat(SyslogLogging.Target.parse("192.0.2.5:5514")).isEqualTo(new SyslogLogging.Target("192.0.2.5", 5514));
        assertThat(SyslogLogging.Target.parse("2001:db8::5")).isEqualTo(new SyslogLogging.Target("2001:db8::5", 514));
        assertThat(SyslogLogging.Target.parse("[2001:db8::5]")).isEqualTo(new SyslogLogging.Target("2001:db8::5", 514));
        assertThat(SyslogLogging.Target.parse("[::1]:5514")).isEqualTo(new SyslogLogging.Target("::1", 5514));
        assertThat(SyslogLogging.Target.parse("[::1]:5514").toString()).isEqualTo("[::1]:5514");
        for (String bad : new String[] {"host:", ":514", "[::1", "[::1]x", "[::1]:", "host:0", "host:-1"}) {
            assertThatThrownBy(() -> SyslogLogging.Target.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static List<String> appenderNames(Logger logger) {
        List<String> names = new ArrayList<>();
        for (var it = logger.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            names.add(a.getName());
        }
        return names;
    }

    /** The next datagram that contains {@code text}, skipping others (lines logged by other code meanwhile). */
    private String receiveContaining(String text) throws IOException {
        byte[] buf = new byte[65_536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                syslogd.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no datagram containing '" + text + "' within 10 s", e);
            }
            String s = new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8);
            if (s.contains(text)) {
                return s;
            }
        }
    }
}
