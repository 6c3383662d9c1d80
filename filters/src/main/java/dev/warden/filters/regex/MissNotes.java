package dev.warden.filters.regex;

import java.util.ArrayList;
import java.util.List;

/**
 * Why each fail pattern that has matched nothing yet did not: for each, the first line that came close, by
 * the reason (its text is there but the program name is another, it matches but not from the message start,
 * the prefix did not match, the line's date could not be read so its header was not stripped, it had no
 * program name so its message began with the host), and how many lines held its required text. Only line
 * numbers, the operator's own words and the {@link #shape} of an undated line's start are kept, never log
 * text. Work is bounded: a pattern stops being watched once it matches, a reason once it has its note, and
 * every extra look after {@link #BUDGET} of them. One thread.
 */
final class MissNotes {

    enum Reason {
        TAG("its text is there but the program name is none of tag %s"),
        ANCHOR("it matches there, but not from the start of the %s (anchor: true; start it with '.*' or set"
                + " anchor: false)"),
        PREFIX("the prefix did not match it%s"),
        UNDATED("no date could be read on it%s, so the host and program name were not stripped: the pattern saw"
                + " the whole line"),
        UNTAGGED("no program name ('name[pid]:') was found on it%s, so the message began right after the date,"
                + " with the host");

        final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    /** How many leading bytes of an undated line {@link #shape} describes. */
    static final int SHAPE = 32;

    private final String[] sources;
    private final String[] undatedShape;
    private final long[][] firstLine;
    private final long[] closeLines;
    private int pending;

    /** @param sources the fail patterns as written, in order */
    MissNotes(List<String> sources) {
        this.sources = sources.toArray(new String[0]);
        this.firstLine = new long[this.sources.length][Reason.values().length];
        this.closeLines = new long[this.sources.length];
        this.undatedShape = new String[this.sources.length];
        this.pending = this.sources.length;
    }

    /**
     * Extra looks made for notes (a byte search of a line of another program or of a line a pattern's literals
     * turned away, or one more regex run on a line a pattern missed), at most, over the filter's life.
     */
    static final int BUDGET = 1_000_000;

    private int spent;

    /** Whether pattern {@code k} has not matched yet (so a line that holds its text is worth a note). */
    boolean watching(int k) {
        return pending > 0 && closeLines[k] >= 0;
    }

    /** Whether pattern {@code k} has not matched yet and has no note for {@code reason}. */
    boolean wants(int k, Reason reason) {
        return watching(k) && firstLine[k][reason.ordinal()] == 0;
    }

    /** Whether an extra check for a note may still be made (see {@link #BUDGET}); counts it. */
    boolean spend() {
        return pending > 0 && spent++ < BUDGET;
    }

    /** Pattern {@code k} matched a line: nothing to explain any more. */
    void matched(int k) {
        if (closeLines[k] >= 0) {
            closeLines[k] = -1;
            pending--;
        }
    }

    /** A line held pattern {@code k}'s required text but was not matched by it. */
    void close(int k) {
        if (closeLines[k] >= 0) {
            closeLines[k]++;
        }
    }

    /** Line {@code line} came close to pattern {@code k} and missed for {@code reason}; the first one is kept. */
    void note(int k, Reason reason, long line) {
        if (closeLines[k] >= 0 && firstLine[k][reason.ordinal()] == 0) {
            firstLine[k][reason.ordinal()] = line;
        }
    }

    /**
     * Line {@code line} missed pattern {@code k} and had no readable date: keeps the {@link #shape} of its start,
     * so that the explanation says which date it was.
     */
    void undated(int k, long line, byte[] b, int from, int to) {
        if (closeLines[k] >= 0 && firstLine[k][Reason.UNDATED.ordinal()] == 0) {
            firstLine[k][Reason.UNDATED.ordinal()] = line;
            undatedShape[k] = shape(b, from, to);
        }
    }

    /**
     * The shape of the first {@value #SHAPE} bytes of {@code b[from, to)}, without any of its text: a digit as
     * {@code 9}, an upper-case letter as {@code A}, a lower-case one as {@code a}, other printable ASCII as
     * itself, anything else as {@code ?}. {@code Fri Jan 19 12:20:33 2007} becomes {@code Aaa Aaa 99 99:99:99 9999}.
     */
    static String shape(byte[] b, int from, int to) {
        StringBuilder sb = new StringBuilder(SHAPE);
        for (int i = from; i < Math.min(to, from + SHAPE); i++) {
            int c = b[i] & 0xff;
            sb.append(c >= '0' && c <= '9' ? '9' : c >= 'A' && c <= 'Z' ? 'A' : c >= 'a' && c <= 'z' ? 'a'
                    : c >= 0x20 && c < 0x7f && c != '\'' ? (char) c : '?');
        }
        return sb.toString();
    }

    /**
     * One sentence per pattern that never matched.
     *
     * @param tags the tag option as written
     * @param subject "message" or "line"
     */
    List<String> explain(List<String> tags, String subject) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < sources.length; k++) {
            if (closeLines[k] < 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder("fail[" + k + "] '" + sources[k] + "': ");
            sb.append(closeLines[k] == 0 ? "no line (with an accepted program name) held its fixed text"
                    : closeLines[k] + " line(s) held its fixed text but did not match");
            for (Reason r : Reason.values()) {
                long line = firstLine[k][r.ordinal()];
                if (line > 0) {
                    String arg = switch (r) {
                        case TAG -> tags.toString();
                        case UNDATED -> undatedShape[k] == null ? "" : " (it starts '" + undatedShape[k] + "')";
                        case ANCHOR -> subject;
                        default -> "";
                    };
                    sb.append("; line ").append(line).append(": ").append(String.format(r.text, arg));
                }
            }
            out.add(sb.toString());
        }
        return out;
    }
}
