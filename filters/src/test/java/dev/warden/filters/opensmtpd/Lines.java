package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.LogLine;
import dev.warden.core.testkit.FilterRunner;

import java.time.Instant;

/**
 * Log lines for direct tests of the filter, written as syslog would write them (ISO-8601 time, so tests
 * can use millisecond times) and parsed by core's real header parser through the test kit.
 */
final class Lines {

    private Lines() {
    }

    /** {@code <time> <host> <tag>[<pid>]: <message>}; a pid of -1 writes no brackets. */
    static LogLine of(String host, String tag, long pid, long epochMillis, String message) {
        return FilterRunner.line(Instant.ofEpochMilli(epochMillis) + " " + host + " " + tag
                + (pid >= 0 ? "[" + pid + "]" : "") + ": " + message);
    }

    /** A line of smtpd[4711] on host "mail". */
    static LogLine smtpd(long epochMillis, String message) {
        return of("mail", "smtpd", 4711, epochMillis, message);
    }
}
