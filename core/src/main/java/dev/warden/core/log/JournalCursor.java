package dev.warden.core.log;

/**
 * What a journal cursor ({@code __CURSOR}, such as {@code s=...;i=...;b=...}) may be for Warden to go on
 * after it and to keep it in the state: printable ASCII without a blank, as journald writes them, so that it
 * is one field of a state line. The journal's reader takes up only such a cursor and the state holds only
 * such a cursor. Stateless.
 */
public final class JournalCursor {

    private JournalCursor() {
    }

    /** Whether {@code cursor} is non-null, not empty, and made of printable ASCII other than the blank. */
    public static boolean isValid(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return false;
        }
        for (int i = 0; i < cursor.length(); i++) {
            char c = cursor.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
