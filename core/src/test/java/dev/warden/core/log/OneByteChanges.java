package dev.warden.core.log;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test lines: every way of changing one byte of a line within a range to one of a set of bytes. */
final class OneByteChanges {

    private OneByteChanges() {
    }

    /**
     * {@code line} with one byte in {@code [from, to)} replaced by each byte of {@code replacements} that
     * differs from it, one change per line returned.
     */
    static List<String> of(String line, int from, int to, String replacements) {
        byte[] with = replacements.getBytes(StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (byte r : with) {
                char[] c = line.toCharArray();
                if (c[i] != r) {
                    c[i] = (char) r;
                    out.add(new String(c));
                }
            }
        }
        return out;
    }
}
