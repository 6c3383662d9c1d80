package dev.warden.core.state;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@link Frame}s of a file's bytes, from an offset on, in order: each one returned has been
 * checked against its trailer before any of its lines is handed out. Reading stops at the end of the
 * content, or at the first frame that is torn or damaged, saying why ({@link #stop}); nothing after that
 * frame is read. Any line whose text starts with the trailer's word and a space is taken as the trailer.
 * One instance per read; not thread-safe.
 */
final class FrameReader {

    private final byte[] content;
    private final String trailerStart;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int nextLine;
    private FrameStop stop;

    /**
     * @param content the file's bytes (not copied, not changed)
     * @param from the offset of the first frame (after a header outside any frame, say)
     * @param firstLine the 1-based number, in the whole file, of the line at {@code from}
     * @param word the trailer's first word ({@code end}, {@code commit})
     */
    FrameReader(byte[] content, int from, int firstLine, String word) {
        this.content = content;
        this.position = from;
        this.nextLine = firstLine;
        this.trailerStart = word + " ";
    }

    /**
     * The next frame, checked; null at the end of the content, or when the frame there is torn or damaged
     * ({@link #stop} then says why, and every later call returns null).
     */
    Frame next() {
        if (stop != null || position >= content.length) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        for (int at = position; at < content.length; ) {
            int number = nextLine + lines.size();
            int end = lineEnd(content, at);
            if (end < 0) {
                return stopped(FrameStop.at(FrameStop.Reason.PARTIAL_LINE, number, lines.size()));
            }
            String line = decode(at, end);
            if (line == null) {
                return stopped(FrameStop.at(FrameStop.Reason.NOT_UTF8, number, lines.size()));
            }
            if (line.startsWith(trailerStart)) {
                return closed(lines, line, number, at, end);
            }
            lines.add(line);
            at = end + 1;
        }
        return stopped(FrameStop.at(FrameStop.Reason.NO_TRAILER, nextLine + lines.size(), lines.size()));
    }

    /** Why reading stopped before the end of the content; null if it has not. */
    FrameStop stop() {
        return stop;
    }

    /** The offset just after the last frame returned ({@code from} before the first). */
    int position() {
        return position;
    }

    /**
     * The line at {@link #position}, decoded, without reading it (a header that is inside the first frame
     * can be checked before the frame is); null when there is no complete line there or it is not UTF-8.
     */
    String peekLine() {
        int end = lineEnd(content, position);
        return end < 0 ? null : decode(position, end);
    }

    /** The offset of the first {@code \n} in {@code b} from {@code from}, or -1 if there is none. */
    static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The frame of {@code lines} if {@code trailer} (line {@code number}, bytes {@code at..end}) vouches for it. */
    private Frame closed(List<String> lines, String trailer, int number, int at, int end) {
        String[] f = trailer.split(" ", -1);
        if (f.length != 3 || !f[1].equals(Integer.toString(lines.size()))) {
            return stopped(new FrameStop(FrameStop.Reason.BAD_COUNT, number, lines.size(), trailer, null));
        }
        String actual = Frame.checksum(content, position, at - position);
        if (!f[2].equals(actual)) {
            return stopped(new FrameStop(FrameStop.Reason.BAD_CHECKSUM, number, lines.size(), trailer, actual));
        }
        Frame frame = new Frame(lines, nextLine);
        position = end + 1;
        nextLine = number + 1;
        return frame;
    }

    private Frame stopped(FrameStop why) {
        stop = why;
        return null;
    }

    private String decode(int from, int to) {
        try {
            return utf8.decode(ByteBuffer.wrap(content, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
