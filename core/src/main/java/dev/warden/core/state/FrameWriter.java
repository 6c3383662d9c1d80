package dev.warden.core.state;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one {@link Frame}: text is appended line by line, with no formatting per line (a state of 100,000
 * lines is one builder), and {@link #bytes} closes it with its trailer. The appended text must not contain
 * {@code \n}: lines end with {@link #endLine}, which is what the trailer counts. One instance per frame; not
 * thread-safe.
 */
final class FrameWriter {

    private final String word;
    private final StringBuilder text;
    private int lines;

    /**
     * @param word the trailer's first word ({@code end}, {@code commit})
     * @param capacity a guess of the frame's length in characters, so that the builder grows rarely
     */
    FrameWriter(String word, int capacity) {
        this.word = word;
        this.text = new StringBuilder(capacity);
    }

    FrameWriter append(String s) {
        text.append(s);
        return this;
    }

    FrameWriter append(char c) {
        text.append(c);
        return this;
    }

    FrameWriter append(long n) {
        text.append(n);
        return this;
    }

    /** Appends {@code String.valueOf(o)}. */
    FrameWriter append(Object o) {
        text.append(o);
        return this;
    }

    /** Ends the current line. */
    FrameWriter endLine() {
        text.append('\n');
        lines++;
        return this;
    }

    /**
     * The frame: the UTF-8 bytes of the lines ended so far, then the trailer {@code WORD LINES CRC32C}.
     *
     * @throws IllegalStateException if the last line was not ended
     */
    byte[] bytes() {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
            throw new IllegalStateException("the last line of the frame is not ended");
        }
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] trailer = (word + " " + lines + " " + Frame.checksum(body, 0, body.length) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(body, body.length + trailer.length);
        System.arraycopy(trailer, 0, all, body.length, trailer.length);
        return all;
    }
}
