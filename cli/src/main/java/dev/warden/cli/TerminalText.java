package dev.warden.cli;

/**
 * Log text made safe to print on a terminal. A log line is partly written by the people it is about (user
 * names, client banners, commands), so printed raw it could move the cursor, recolour or clear the screen,
 * set the window title, or reorder what the reader sees. {@link #escape} writes every character that could
 * do so as a visible escape and leaves the rest, UTF-8 text in any script included, as it is:
 * <ul>
 *   <li>{@code \} as {@code \\}, so that an escape in the output always means a character of the line;</li>
 *   <li>tab, line feed and carriage return as {@code \t}, {@code \n}, {@code \r};</li>
 *   <li>the other C0 controls (ESC, which starts terminal escape sequences, among them), DEL and the C1
 *       controls (U+0080 to U+009F) as {@code \xHH};</li>
 *   <li>the line and paragraph separators and the bidirectional marks, embeddings, overrides and
 *       isolates (U+061C, U+200E, U+200F, U+2028 to U+202E, U+2066 to U+2069) as <code>&#92;uHHHH</code>.</li>
 * </ul>
 * Bytes that are not UTF-8 were already decoded as U+FFFD by {@link dev.warden.core.spi.LogLine#text()}.
 * Stateless.
 */
final class TerminalText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TerminalText() {
    }

    /** {@code s} with the characters above escaped; {@code s} itself when it has none. */
    static String escape(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c <= 0xFF) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        if (c < 0x20 || c == '\\' || (c >= 0x7F && c <= 0x9F)) {
            return true;
        }
        return c >= 0x061C && (c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x2028 && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069));
    }
}
