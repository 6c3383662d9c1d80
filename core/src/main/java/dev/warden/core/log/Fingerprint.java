package dev.warden.core.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * A 64-bit FNV-1a hash of a file's first bytes (at most {@link #MAX_LENGTH}): tells a file that
 * replaced another, or was truncated and written again, from the one that was read before. Stable
 * across runs and JVMs, so it can be persisted.
 */
final class Fingerprint {

    /** How many leading bytes the fingerprint covers at most. */
    static final int MAX_LENGTH = 256;

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private Fingerprint() {
    }

    static long hash(byte[] b, int length) {
        long h = OFFSET_BASIS;
        for (int i = 0; i < length; i++) {
            h ^= b[i] & 0xff;
            h *= PRIME;
        }
        return h;
    }

    static long hash(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return hash(b, b.length);
    }

    /**
     * The hash of the channel's first {@code length} bytes, read without moving its position; empty
     * when the file is now shorter than that.
     */
    static OptionalLong of(FileChannel ch, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, buf.position()) < 0) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.of(hash(buf.array(), length));
    }
}
