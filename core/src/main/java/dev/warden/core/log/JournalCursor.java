package dev.warden.core.log;

import java.nio.file.Path;
import java.util.List;

/**
 * A journal cursor kept among a jail's file positions in the state, so that the state file's format stays as
 * it is: a position whose path is {@code journal:CURSOR} (a cursor holds no blank: {@code s=...;i=...;...}),
 * with no identity, offset or fingerprint. A file-following jail never takes such a position up, and a journal
 * source takes up only such a position. Stateless.
 */
public final class JournalCursor {

    static final String PREFIX = "journal:";

    private JournalCursor() {
    }

    /** The position that stands for {@code cursor}. */
    static FilePosition position(String cursor) {
        return new FilePosition(Path.of(PREFIX + cursor), FileIdentity.UNKNOWN, 0, 0, 0);
    }

    /** Whether {@code p} stands for a journal cursor. */
    public static boolean is(FilePosition p) {
        return p.path().toString().startsWith(PREFIX);
    }

    /** The cursor among {@code positions}, or null. */
    static String of(List<FilePosition> positions) {
        for (FilePosition p : positions) {
            if (is(p)) {
                String c = p.path().toString().substring(PREFIX.length());
                return c.isEmpty() || c.indexOf(' ') >= 0 ? null : c;
            }
        }
        return null;
    }
}
