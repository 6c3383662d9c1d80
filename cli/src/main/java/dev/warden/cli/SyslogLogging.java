package dev.warden.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Switches logging from stderr to syslog over UDP, for {@code warden run --syslog HOST[:PORT]}: facility
 * {@code daemon}, tag {@code warden[PID]}, the message only (syslogd adds the time), severity from the level
 * (ERROR→err, WARN→warning, INFO→info, DEBUG/TRACE→debug; logback's mapping). Each line is one datagram in
 * logback's RFC 3164 form: {@code <30>Nov  7 10:00:00 HOSTNAME warden[PID]: message}; a stack trace follows
 * as one datagram per line with the same tag.
 *
 * <p>Before {@link #install} the {@link StderrLogConfigurator}'s appender receives everything, so errors in
 * the command line or configuration still reach the operator's terminal; after it, only syslog does.
 * OpenBSD's syslogd accepts UDP only when started with {@code -u}: there, rc.d's {@code daemon_logger}
 * (stderr piped to logger(1)) is the usual way, and this class is for hosts whose syslogd listens on UDP.
 *
 * <p>Called once, from the thread that starts the daemon. Sending is fire-and-forget: a syslogd that is
 * down loses the lines, and the daemon carries on.
 */
final class SyslogLogging {

    /** The syslog program name. */
    static final String TAG = "warden";
    /** The appender's name on the root logger. */
    static final String APPENDER_NAME = "syslog";

    private final LoggerContext context;

    /** Works on the given logback context. */
    SyslogLogging(LoggerContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Works on the logback context SLF4J is bound to. */
    SyslogLogging() {
        this(logbackContext());
    }

    /**
     * Sends every log line from now on to syslog at {@code target} instead of stderr: the syslog appender is
     * added to the root logger, then the appenders it had (the stderr one) are detached and stopped.
     *
     * @param target {@code HOST[:PORT]}, {@code [IPV6]:PORT} or a bare IPv6 address; null or blank means
     *               {@code localhost:514}
     * @throws IllegalArgumentException if {@code target} is malformed; logging is left as it was
     * @throws IllegalStateException if the appender cannot start (the host name does not resolve); logging
     *                               is left as it was
     */
    void install(String target) {
        Target t = Target.parse(target);
        SyslogAppender appender = new SyslogAppender();
        appender.setContext(context);
        appender.setName(APPENDER_NAME);
        appender.setFacility("DAEMON");
        appender.setSyslogHost(t.host());
        appender.setPort(t.port());
        appender.setCharset(StandardCharsets.UTF_8);
        String tag = TAG + "[" + ProcessHandle.current().pid() + "]: ";
        appender.setSuffixPattern(tag + "%msg");
        appender.setStackTracePattern(tag + "\t");
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("cannot log to syslog at " + t + ": " + errorsOf(appender));
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> before = new ArrayList<>();
        root.iteratorForAppenders().forEachRemaining(before::add);
        // The last line the terminal (or rc.d's logger) sees says where the others went.
        context.getLogger(SyslogLogging.class).info("logging to syslog at {} (facility daemon, tag {})", t, TAG);
        // Attach first, then detach: a line logged meanwhile by another thread is not lost.
        root.addAppender(appender);
        for (Appender<ILoggingEvent> a : before) {
            root.detachAppender(a);
            a.stop();
        }
    }

    private String errorsOf(SyslogAppender appender) {
        String errors = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getOrigin() == appender && s.getLevel() == Status.ERROR)
                .map(s -> s.getThrowable() == null ? s.getMessage() : s.getMessage() + ": " + s.getThrowable())
                .collect(Collectors.joining("; "));
        return errors.isEmpty() ? "the syslog appender did not start" : errors;
    }

    private static LoggerContext logbackContext() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext lc) {
            return lc;
        }
        throw new IllegalStateException("logging is not logback (" + factory.getClass().getName() + ")");
    }

    /**
     * Where the datagrams go.
     *
     * @param host name or literal address, without brackets
     * @param port UDP port, 1–65535
     */
    record Target(String host, int port) {

        static final String DEFAULT_HOST = "localhost";
        static final int DEFAULT_PORT = 514;

        Target {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("syslog host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("syslog port " + port + " is not between 1 and 65535");
            }
        }

        /**
         * Parses {@code HOST}, {@code HOST:PORT}, {@code [IPV6]}, {@code [IPV6]:PORT} or a bare IPv6 address
         * (two colons or more: all of it is the address). Null or blank: {@code localhost:514}.
         */
        static Target parse(String text) {
            if (text == null || text.isBlank()) {
                return new Target(DEFAULT_HOST, DEFAULT_PORT);
            }
            String s = text.strip();
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0) {
                    throw bad(text);
                }
                String rest = s.substring(close + 1);
                if (!rest.isEmpty() && !rest.startsWith(":")) {
                    throw bad(text);
                }
                return new Target(s.substring(1, close), rest.isEmpty() ? DEFAULT_PORT : port(rest.substring(1), text));
            }
            int colon = s.indexOf(':');
            if (colon < 0 || s.indexOf(':', colon + 1) >= 0) {
                return new Target(s, DEFAULT_PORT);
            }
            return new Target(s.substring(0, colon), port(s.substring(colon + 1), text));
        }

        private static int port(String digits, String text) {
            if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw bad(text);
            }
            return Integer.parseInt(digits);
        }

        private static IllegalArgumentException bad(String text) {
            return new IllegalArgumentException("syslog target '" + text
                    + "' is not HOST[:PORT] (e.g. localhost, 192.0.2.5:514, [2001:db8::5]:514)");
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
