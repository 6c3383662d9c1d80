package dev.warden.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a child process to its end, keeping at most {@code limit} bytes and
 * discarding the rest, so the child never blocks on a full pipe. Runs on its own thread; {@link #text()}
 * may be called from another thread at any time and returns what was kept so far.
 */
final class StreamCapture implements Runnable {

    private final InputStream in;
    private final int limit;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private boolean truncated;

    StreamCapture(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                keep(buffer, n);
            }
        } catch (IOException e) {
            // The stream was closed under us (the child was killed): keep what we have.
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        int room = limit - kept.size();
        if (n > room) {
            truncated = true;
        }
        kept.write(buffer, 0, Math.max(0, Math.min(n, room)));
    }

    /** What was kept so far, decoded as UTF-8 (malformed bytes become U+FFFD). */
    synchronized String text() {
        return kept.toString(StandardCharsets.UTF_8);
    }

    /** Whether output beyond the limit was discarded. */
    synchronized boolean truncated() {
        return truncated;
    }
}
