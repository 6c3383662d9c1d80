package dev.warden.core.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The last line's {@code [host ]tag[\[pid\]]: } header, remembered so that the next line, which on a mail
 * server or an SSH gateway mostly carries the same one ({@code mail smtpd[75209]: }), takes its fields by
 * comparing bytes, eight at a time, instead of scanning them again. Only a header whose tag was found and
 * ends with its blank is remembered: {@link SyslogFields#hostAndTag} reads no byte past that blank, so the
 * same bytes always give the same fields. Allocation-free; one thread.
 */
final class RepeatedHeader {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Longest header remembered; a longer one is scanned every time. */
    private static final int MAX = 64;

    private final byte[] bytes = new byte[MAX];
    /** Bytes of the remembered header, the blank after the tag included; 0: none. */
    private int length;
    private boolean hasHost;
    private int hostEnd;
    private int tagStart;
    private int tagEnd;
    private long pid;

    /**
     * Sets {@code out}'s host, tag, pid and message start as {@link SyslogFields#hostAndTag} would when
     * {@code b[p, end)} starts with the remembered header; returns whether it did (else {@code out} is
     * untouched). Where the header has no host, the host is left as it is.
     */
    boolean reuse(byte[] b, int p, int end, MutableLogLine out) {
        int n = length;
        if (n == 0 || end - p < n) {
            return false;
        }
        for (int i = 0; i < n - 8; i += 8) {
            if ((long) LONGS.get(b, p + i) != (long) LONGS.get(bytes, i)) {
                return false;
            }
        }
        if ((long) LONGS.get(b, p + n - 8) != (long) LONGS.get(bytes, n - 8)) {
            return false;
        }
        if (hasHost) {
            out.hostStart = p;
            out.hostEnd = p + hostEnd;
        }
        out.tagStart = p + tagStart;
        out.tagEnd = p + tagEnd;
        out.pid = pid;
        out.messageStart = p + n;
        return true;
    }

    /**
     * Remembers the header {@link SyslogFields#hostAndTag} just read at {@code p} into {@code out}, when it
     * found a tag followed by a blank and the header is 8 to {@value #MAX} bytes long; else forgets it.
     */
    void remember(byte[] b, int p, MutableLogLine out) {
        int n = out.messageStart - p;
        if (out.tagEnd == out.tagStart || n < 8 || n > MAX || b[out.messageStart - 1] != ' ') {
            length = 0;
            return;
        }
        System.arraycopy(b, p, bytes, 0, n);
        length = n;
        hasHost = out.hostStart == p && out.hostEnd > p;
        hostEnd = out.hostEnd - p;
        tagStart = out.tagStart - p;
        tagEnd = out.tagEnd - p;
        pid = out.pid;
    }
}
