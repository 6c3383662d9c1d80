package dev.warden.filters.sshd;

import dev.warden.core.spi.LogLine;

import static dev.warden.core.spi.LineBytes.ascii;
import static dev.warden.core.spi.LineBytes.contentEquals;
import static dev.warden.core.spi.LineBytes.endsWith;
import static dev.warden.core.spi.LineBytes.indexOf;
import static dev.warden.core.spi.LineBytes.skipSpaces;
import static dev.warden.core.spi.LineBytes.startsWith;
import static dev.warden.core.spi.LineBytes.tokenEnd;
import static dev.warden.filters.sshd.HeaderTokens.NOT_SSHD;

/**
 * Decides whether a line was written by sshd and where its message text is, without allocating.
 *
 * <p>A line counts as sshd's when core's header parser found the tag {@code sshd}, {@code sshd-session}
 * or {@code sshd-auth}. When core found no tag (or only a {@code facility.level} word, as daemontools-style
 * loggers write), the first words of the message are searched for such a tag behind header remnants
 * (dates, times, {@code <pri>}, one host name); with no tag at all the line is a bare sshd message
 * ({@code sshd -e}, sshguard's test vectors) only when the filter does not require tags ({@code require-tag:
 * false}; by default it does). Lines tagged with any other program are never sshd's, whatever their text
 * says.
 *
 * <p>The message is then stripped of {@code [ID n facility.level] }, {@code kernel:[ n.n]: },
 * {@code error: }, {@code fatal: } and {@code PAM: } prefixes and of a trailing {@code [preauth]} and
 * blanks. Results are in the public fields until the next call. One thread.
 */
final class SshdLineLocator {

    private static final int MAX_HEADER_WORDS = 8;
    private static final byte[] PREAUTH = ascii(" [preauth]");
    private static final byte[][] PREFIXES = {ascii("error: "), ascii("fatal: "), ascii("PAM: ")};
    private static final byte[] SOLARIS_ID = ascii("[ID ");
    private static final byte[] KERNEL = ascii("kernel:");
    private static final byte[] ERROR = ascii("error");
    private static final byte[] FATAL = ascii("fatal");
    /** Whether a byte starts one of the prefixes {@link #skipPrefixes} removes. */
    private static final boolean[] PREFIX_FIRST = new boolean[256];

    static {
        PREFIX_FIRST[SOLARIS_ID[0] & 0xFF] = true;
        PREFIX_FIRST[KERNEL[0] & 0xFF] = true;
        for (byte[] prefix : PREFIXES) {
            PREFIX_FIRST[prefix[0] & 0xFF] = true;
        }
    }

    private final boolean requireTag;

    /** Offsets of the message text in the line's bytes. */
    int start;
    int end;
    /** The sshd pid, or -1. */
    long pid;
    /** Whether the message ended with {@code [preauth]}. */
    boolean preauth;

    /** @param requireTag whether lines without any sshd tag are ignored rather than read as bare messages */
    SshdLineLocator(boolean requireTag) {
        this.requireTag = requireTag;
    }

    /** Returns whether {@code line} is an sshd message; if so, fills the fields. */
    boolean locate(LogLine line) {
        byte[] b = line.bytes();
        int p = line.messageStart();
        int e = trimEnd(b, p, line.end());
        if (HeaderTokens.isSshdProgram(b, line.tagStart(), line.tagEnd())) {
            pid = line.pid();
        } else {
            boolean untagged = line.tagStart() == line.tagEnd();
            if (isBareSeverity(line)) {
                p = line.tagStart();
                untagged = true;
            }
            if (!untagged && !HeaderTokens.isFacilityLevel(b, line.tagStart(), line.tagEnd())) {
                return false;
            }
            p = embedded(b, p, e);
            if (p < 0) {
                return false;
            }
        }
        p = skipPrefixes(b, p, e);
        preauth = endsWith(b, p, e, PREAUTH);
        if (preauth) {
            e = trimEnd(b, p, e - PREAUTH.length);
        }
        start = p;
        end = e;
        return e > p;
    }

    /**
     * A bare {@code error: ...} or {@code fatal: ...} message without host or pid: core's parser reads the
     * severity word as a program tag, but it is the start of sshd's message.
     */
    private static boolean isBareSeverity(LogLine line) {
        byte[] b = line.bytes();
        return line.pid() < 0 && line.hostStart() == line.hostEnd()
                && (contentEquals(b, line.tagStart(), line.tagEnd(), ERROR)
                || contentEquals(b, line.tagStart(), line.tagEnd(), FATAL));
    }

    /**
     * Finds an sshd tag among the first words; returns the message start, or -1. Without a tag, the start of
     * a bare message, or -1 when tags are required. Sets {@link #pid}.
     */
    private int embedded(byte[] b, int p, int e) {
        int bare = -1;
        int plainWords = 0;
        pid = -1;
        for (int k = 0; k < MAX_HEADER_WORDS && p < e; k++) {
            int t = tokenEnd(b, p, e);
            long tagPid = HeaderTokens.sshdTag(b, p, t);
            if (tagPid != NOT_SSHD) {
                pid = tagPid;
                return skipSpaces(b, t, e);
            }
            if (!HeaderTokens.isHeaderWord(b, p, t)) {
                if (bare < 0) {
                    bare = p;
                }
                if (++plainWords > 1) {
                    break;
                }
            }
            p = skipSpaces(b, t, e);
        }
        return requireTag ? -1 : bare;
    }

    private static int skipPrefixes(byte[] b, int p, int e) {
        for (int round = 0; round < 4; round++) {
            if (p >= e || !PREFIX_FIRST[b[p] & 0xFF]) { // most messages: one load, no five comparisons
                return p;
            }
            int q = p;
            if (startsWith(b, p, e, SOLARIS_ID)) {
                int close = indexOf(b, p, e, (byte) ']');
                q = close < 0 ? p : skipSpaces(b, close + 1, e);
            } else if (startsWith(b, p, e, KERNEL)) {
                q = kernelStamp(b, p + KERNEL.length, e);
            } else {
                for (byte[] prefix : PREFIXES) {
                    if (startsWith(b, p, e, prefix)) {
                        q = p + prefix.length;
                        break;
                    }
                }
            }
            if (q == p) {
                return p;
            }
            p = q;
        }
        return p;
    }

    /** After {@code kernel:}: {@code [ 970.699396]} with an optional colon and blanks around. */
    private static int kernelStamp(byte[] b, int p, int e) {
        int q = skipSpaces(b, p, e);
        if (q >= e || b[q] != '[') {
            return p - KERNEL.length;
        }
        int close = indexOf(b, q, e, (byte) ']');
        if (close < 0) {
            return p - KERNEL.length;
        }
        q = close + 1;
        if (q < e && b[q] == ':') {
            q++;
        }
        return skipSpaces(b, q, e);
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t' || b[e - 1] == '\r')) {
            e--;
        }
        return e;
    }
}
