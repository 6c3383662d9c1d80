package dev.warden.core.log;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Parses the header of a line into a {@link MutableLogLine}: its time, host, program tag, pid and where the
 * message starts. The time is read in any built-in shape ({@link TimeFormat}: RFC 3164 with the year inferred,
 * ISO 8601 / RFC 3339 with or without a zone, RFC 5424's {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG},
 * Apache's, nginx's, MySQL's, ctime, TAI64N) or, for a jail with a {@code time-format}, in that pattern only,
 * where it stands:
 * <ul>
 * <li>at the start of the line, then {@code [host ]tag[\[pid\]]: } is stripped when present
 *     ({@code 2026-12-06 19:02:26 srv exim[7]: msg}); a second time in a built-in shape right after such a
 *     header is skipped too, so that a message reads the same in its own file and through syslog
 *     ({@code Dec  6 19:02:25 srv mysqld: 261206 19:02:25 [Warning] ...});</li>
 * <li>right after a syslog header without a time ({@code srv nginx[7]: 2026/12/06 19:02:25 [error] ...}, as
 *     {@code journalctl} and fail2ban's journal backend write lines; once more after a doubled header);</li>
 * <li>an access log's {@code [06/Dec/2026:19:02:25 +0000]} after the client, identity and user fields (the
 *     message is then the whole line).</li>
 * </ul>
 * Shapes without a zone are read in the jail's zone. Allocation-free per line (dates and zone offsets are
 * cached); one thread.
 *
 * <p>A line whose time cannot be read gets {@link MutableLogLine#hasTime()} false and the previous line's
 * time (for a reader that hands it on: see {@link LineTrust} for which are withheld). A line without a
 * recognizable {@code tag:} has an empty tag and its message starts right after the time.
 */
public final class SyslogHeaderParser {

    private final ZoneId zone;
    private final Instant reference;
    private final TimePattern pattern;
    private final TimeScanner times;
    private final RepeatedHeader header = new RepeatedHeader();

    private long previousMillis;

    /**
     * @param reference the time dates without a year are inferred against ("now", or {@code scan --now})
     * @param zone the zone of times written without one
     */
    public SyslogHeaderParser(Instant reference, ZoneId zone) {
        this(reference, zone, null);
    }

    /**
     * @param pattern the jail's {@code time-format}, the only shape read; null for the built-in shapes
     */
    public SyslogHeaderParser(Instant reference, ZoneId zone, TimePattern pattern) {
        this.zone = zone;
        this.reference = reference;
        this.pattern = pattern;
        this.times = new TimeScanner(new CivilTime(zone), new YearInference(reference, zone), pattern);
        this.previousMillis = reference.toEpochMilli();
    }

    /** A fresh parser with the same reference time, zone and pattern, for another thread. */
    public SyslogHeaderParser copy() {
        return new SyslogHeaderParser(reference, zone, pattern);
    }

    /**
     * A parser for the same zone and pattern inferring years against {@code newReference}, which keeps this
     * one's previous line time (for a following daemon, whose "now" moves on).
     */
    public SyslogHeaderParser withReference(Instant newReference) {
        SyslogHeaderParser p = new SyslogHeaderParser(newReference, zone, pattern);
        p.previousMillis = previousMillis;
        return p;
    }

    /** The reference time years are inferred against. */
    public Instant reference() {
        return reference;
    }

    /** Whether every line is expected to carry a time: the jail has a {@code time-format}. */
    public boolean timedFromStart() {
        return pattern != null;
    }

    /** The time a line without a readable time gets now (the last read time). */
    long previousMillis() {
        return previousMillis;
    }

    void previousMillis(long millis) {
        this.previousMillis = millis;
    }

    /** The timestamp format of the last parsed line. */
    public TimeFormat lastFormat() {
        return times.format;
    }

    /** Parses {@code b[start, end)} into {@code out} (which also takes the bytes and range). */
    public void parse(byte[] b, int start, int end, MutableLogLine out) {
        out.bytes = b;
        out.start = start;
        out.end = end;
        out.pid = -1;
        out.hostStart = out.hostEnd = out.tagStart = out.tagEnd = start;
        int q = rfc5424Start(b, start, end);
        int t = times.read(b, q < 0 ? start : q, end);
        if (t >= 0) {
            timed(out);
            if (q >= 0) {
                SyslogFields.rfc5424Fields(b, afterBlank(b, t, end), end, out);
            } else {
                int h = afterBlank(b, t, end);
                if (!header.reuse(b, h, end, out)) {
                    SyslogFields.hostAndTag(b, h, end, out);
                    header.remember(b, h, out);
                }
                skipInnerTime(b, end, out);
            }
            return;
        }
        SyslogFields.hostAndTag(b, start, end, out);
        if (timeAfterHeader(b, end, out)) {
            return;
        }
        if (times.accessLog(b, start, end)) {
            timed(out);
            out.hostStart = out.hostEnd = out.tagStart = out.tagEnd = start;
            out.pid = -1;
            out.messageStart = start;
            return;
        }
        times.format = TimeFormat.NONE;
        out.hasTime = false;
        out.epochMillis = previousMillis;
    }

    /** {@code <PRI>1 } at the start: returns the offset after it, or -1. */
    private static int rfc5424Start(byte[] b, int start, int end) {
        if (start >= end || b[start] != '<') {
            return -1;
        }
        int r = start + 1;
        while (r < end && r - start < 5 && TimeBytes.isDigit(b[r])) {
            r++;
        }
        return r + 2 < end && b[r] == '>' && TimeBytes.isDigit(b[r + 1]) && b[r + 2] == ' ' ? r + 3 : -1;
    }

    /**
     * A time right after a header that had none ({@code host tag[pid]: TIME msg}), or after a doubled header
     * ({@code host tag[pid]: host tag: TIME msg}, gh-4071 of fail2ban): the message starts after it.
     */
    private boolean timeAfterHeader(byte[] b, int end, MutableLogLine out) {
        if (out.tagEnd == out.tagStart) {
            return false;
        }
        int t = times.read(b, out.messageStart, end);
        if (t < 0) {
            int hs = out.hostStart;
            int he = out.hostEnd;
            int ts = out.tagStart;
            int te = out.tagEnd;
            long pid = out.pid;
            int m = out.messageStart;
            SyslogFields.hostAndTag(b, m, end, out);
            t = out.tagEnd > out.tagStart && out.messageStart > m ? times.read(b, out.messageStart, end) : -1;
            out.hostStart = hs;
            out.hostEnd = he;
            out.tagStart = ts;
            out.tagEnd = te;
            out.pid = pid;
            if (t < 0) {
                out.messageStart = m;
                return false;
            }
        }
        timed(out);
        out.messageStart = afterBlank(b, t, end);
        return true;
    }

    /**
     * After a timed header, a daemon's own time in a built-in shape at the message's start (a line relayed by
     * syslog) is skipped: the header's time stays the line's.
     */
    private void skipInnerTime(byte[] b, int end, MutableLogLine out) {
        if (times.custom() || out.tagEnd == out.tagStart || out.messageStart >= end) {
            return;
        }
        byte c = b[out.messageStart];
        if (!(TimeBytes.isDigit(c) || c == '@' || c == '[' || (c >= 'A' && c <= 'Z'))) {
            return;
        }
        long millis = times.millis;
        TimeFormat format = times.format;
        int t = times.read(b, out.messageStart, end);
        if (t >= 0) {
            out.messageStart = afterBlank(b, t, end);
        }
        times.millis = millis;
        times.format = format;
    }

    private static int afterBlank(byte[] b, int i, int end) {
        return i < end && (b[i] == ' ' || b[i] == '\t') ? i + 1 : i;
    }

    private void timed(MutableLogLine out) {
        out.hasTime = true;
        out.epochMillis = times.millis;
        previousMillis = times.millis;
    }
}
