package dev.warden.core.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that renders the parts of a syslog line: plain ASCII, a header token with the
 * characters that would end it replaced, and message text with control characters escaped as rsyslog
 * escapes them ({@code #012} for a newline). One thread.
 */
final class LineBuffer {

    private byte[] buf;
    private int size;

    LineBuffer(int capacity) {
        buf = new byte[capacity];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    /** A copy of the bytes written. */
    byte[] copy() {
        return Arrays.copyOf(buf, size);
    }

    LineBuffer ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            put((byte) s.charAt(i));
        }
        return this;
    }

    /** {@code s} as one header token: blanks, control characters, brackets and colons become {@code _}. */
    LineBuffer token(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length == 0) {
            return ascii("-");
        }
        for (byte c : b) {
            put(c <= ' ' || c == 0x7f || c == '[' || c == ']' || c == ':' ? (byte) '_' : c);
        }
        return this;
    }

    LineBuffer escaped(String s) {
        return escaped(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes, each control character (below 0x20, and 0x7f) as {@code #} and three octal digits. */
    LineBuffer escaped(byte[] b) {
        for (byte c : b) {
            if ((c >= 0 && c < ' ') || c == 0x7f) {
                put((byte) '#');
                put((byte) ('0' + ((c >> 6) & 7)));
                put((byte) ('0' + ((c >> 3) & 7)));
                put((byte) ('0' + (c & 7)));
            } else {
                put(c);
            }
        }
        return this;
    }

    void newline() {
        put((byte) '\n');
    }

    private void put(byte b) {
        if (size == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[size++] = b;
    }
}
