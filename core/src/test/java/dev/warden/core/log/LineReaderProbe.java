package dev.warden.core.log;

import java.io.ByteArrayInputStream;

/** Loads bytes into a reader's buffer without consuming them, for direct tests of the newline search. */
final class LineReaderProbe {

    private LineReaderProbe() {
    }

    static void fill(LineReader r, byte[] data) {
        r.reset(0);
        try {
            byte[] noNewline = data.clone();
            // read with a handler that ignores output, then restore the raw bytes at the start of the buffer
            r.readAvailable(new ByteArrayInputStream(new byte[0]), (b, s, e, o) -> { });
            java.lang.reflect.Field f = LineReader.class.getDeclaredField("buf");
            f.setAccessible(true);
            byte[] buf = (byte[]) f.get(r);
            System.arraycopy(noNewline, 0, buf, 0, noNewline.length);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
