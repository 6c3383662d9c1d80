package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code journalctl --output=json} as a {@link SourceProgram}: each start goes on after the cursor of the last
 * entry handed on (at first the one from the state), else reads from the start of the journal, or with
 * {@code fromEnd} only new entries; following adds {@code --follow}. The output becomes lines through
 * {@link JournalOutput}. Confined to the source's reading thread.
 */
final class JournalProgram implements SourceProgram {

    private final List<String> base;
    private final boolean follow;
    private final boolean fromEnd;
    private String cursor;

    /**
     * @param base journalctl's command line up to its matches
     * @param cursor where to go on after, or null
     */
    JournalProgram(List<String> base, String cursor, boolean follow, boolean fromEnd) {
        this.base = List.copyOf(base);
        this.cursor = cursor;
        this.follow = follow;
        this.fromEnd = fromEnd;
    }

    @Override
    public List<String> argv() {
        return argv(base, cursor, follow, fromEnd);
    }

    /** journalctl's command line: {@code base}, then where to begin, then whether to follow. */
    static List<String> argv(List<String> base, String cursor, boolean follow, boolean fromEnd) {
        List<String> a = new ArrayList<>(base);
        if (cursor != null) {
            a.add("--after-cursor=" + cursor);
        } else if (fromEnd && follow) {
            a.add("--lines=0");
        }
        if (follow) {
            a.add("--follow");
            if (cursor != null || !fromEnd) {
                a.add("--no-tail"); // --follow alone would start with the last 10 entries
            }
        }
        return a;
    }

    @Override
    public void pump(InputStream stdout, Sink sink) throws IOException, InterruptedException {
        JournalOutput out = new JournalOutput(sink);
        try {
            out.pump(stdout);
        } finally {
            if (out.lastCursor() != null) {
                cursor = out.lastCursor();
            }
        }
    }
}
