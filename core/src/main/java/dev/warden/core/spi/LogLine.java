package dev.warden.core.spi;

import java.nio.charset.StandardCharsets;

/**
 * One log line with its parsed syslog header, as a read-only view over core's read buffer.
 *
 * <p>Offsets index {@link #bytes()}. The view is reused for the next line as soon as
 * {@link Filter#accept} returns: never keep it or the array. Text is UTF-8 (or anything ASCII-compatible);
 * header fields that a line lacks are empty ranges ({@code start == end}) and a pid of {@code -1}.
 */
public interface LogLine {

    /** The buffer holding the line; do not modify. */
    byte[] bytes();

    /** Offset of the line's first byte. */
    int start();

    /** Offset just past the line's last byte, newline (and a trailing CR) excluded. */
    int end();

    /** Offset of the message: just after {@code "tag[pid]: "}, or {@link #start()} without a header. */
    int messageStart();

    /** Offsets of the syslog host field; empty when the line has none. */
    int hostStart();

    int hostEnd();

    /** Offsets of the program name ({@code smtpd} in {@code smtpd[123]:}); empty when none. */
    int tagStart();

    int tagEnd();

    /** The pid in {@code tag[pid]:}, or -1. */
    long pid();

    /** 1-based line number within its source. */
    long lineNumber();

    /**
     * Log time in epoch milliseconds; the previous line's time when this line's could not be read. A line
     * without a time of its own reaches a filter only from a log that has shown no timed line before it (core
     * withholds the others as continuation lines, and every line longer than 64 KiB).
     */
    long epochMillis();

    /** Whether this line's own time was read (false: {@link #epochMillis()} is inherited). */
    boolean hasTime();

    /** A name for the line's source, for diagnostics (a path). */
    String sourceName();

    /** True when the program name equals {@code tag} (ASCII bytes). Allocation-free. */
    default boolean tagIs(byte[] tag) {
        int s = tagStart();
        int len = tagEnd() - s;
        if (len != tag.length) {
            return false;
        }
        byte[] b = bytes();
        for (int i = 0; i < len; i++) {
            if (b[s + i] != tag[i]) {
                return false;
            }
        }
        return true;
    }

    /** The program name as a String (allocates). */
    default String tag() {
        return new String(bytes(), tagStart(), tagEnd() - tagStart(), StandardCharsets.UTF_8);
    }

    /** The host field as a String (allocates). */
    default String host() {
        return new String(bytes(), hostStart(), hostEnd() - hostStart(), StandardCharsets.UTF_8);
    }

    /** The message as a String (allocates: use on lines that passed a cheap check). */
    default String message() {
        return new String(bytes(), messageStart(), end() - messageStart(), StandardCharsets.UTF_8);
    }

    /** The whole line as a String (allocates). */
    default String text() {
        return new String(bytes(), start(), end() - start(), StandardCharsets.UTF_8);
    }
}
