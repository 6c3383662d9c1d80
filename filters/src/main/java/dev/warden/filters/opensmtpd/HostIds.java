package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.LineBytes;

import java.util.Arrays;

/**
 * Interns syslog host names (byte ranges) into small ints, so that a session key is a {@code long} and an
 * {@code int}. Almost every log has one host, so the last host seen is compared first; the others live
 * in a small open-addressing table. Past {@link #MAX_INTERNED} distinct names (a central log server
 * gone wild) a name gets an id derived from its hash instead, so memory stays bounded; two such names
 * could then share an id, which only matters if they also share a 64-bit session id. A name longer than
 * {@link #MAX_NAME_BYTES} is no host name and is never stored either: it gets a hash-derived id the same
 * way ({@link OpenSmtpdFilter} ignores such lines before asking), so the table holds at most
 * {@code MAX_INTERNED} names of at most {@code MAX_NAME_BYTES} bytes, about 1 MiB.
 *
 * <p><b>Threading:</b> none; confined to its filter's jail thread.
 */
final class HostIds {

    static final int MAX_INTERNED = 4096;
    /** The longest host name: 255 octets (RFC 1035 section 2.3.4; RFC 5424's HOSTNAME field). */
    static final int MAX_NAME_BYTES = 255;

    private byte[][] names = new byte[16][];
    private int[] ids = new int[16];
    private int count;
    private byte[] lastName;
    private int lastId = -1;

    /** The id of the host name in {@code b[from, to)}; 0 to {@code 2^30}. Allocates only for a new name. */
    int idOf(byte[] b, int from, int to) {
        if (lastName != null && LineBytes.contentEquals(b, from, to, lastName)) {
            return lastId;
        }
        int hash = hash(b, from, to);
        int mask = names.length - 1;
        int i = hash & mask;
        while (names[i] != null) {
            if (LineBytes.contentEquals(b, from, to, names[i])) {
                lastName = names[i];
                lastId = ids[i];
                return lastId;
            }
            i = (i + 1) & mask;
        }
        if (count >= MAX_INTERNED || to - from > MAX_NAME_BYTES) {
            return MAX_INTERNED + ((hash & 0x7FFFFFFF) % ((1 << 30) - MAX_INTERNED));
        }
        byte[] name = Arrays.copyOfRange(b, from, to);
        names[i] = name;
        ids[i] = count++;
        lastName = name;
        lastId = ids[i];
        if (count * 2 > names.length) {
            grow();
        }
        return lastId;
    }

    /**
     * The interned names by id ({@code result[id]}); ids past {@link #MAX_INTERNED} have no name. Allocates;
     * for saving the state.
     */
    byte[][] namesById() {
        byte[][] out = new byte[count][];
        for (int k = 0; k < names.length; k++) {
            if (names[k] != null) {
                out[ids[k]] = names[k];
            }
        }
        return out;
    }

    private void grow() {
        byte[][] oldNames = names;
        int[] oldIds = ids;
        names = new byte[oldNames.length * 2][];
        ids = new int[oldNames.length * 2];
        int mask = names.length - 1;
        for (int k = 0; k < oldNames.length; k++) {
            if (oldNames[k] != null) {
                int i = hash(oldNames[k], 0, oldNames[k].length) & mask;
                while (names[i] != null) {
                    i = (i + 1) & mask;
                }
                names[i] = oldNames[k];
                ids[i] = oldIds[k];
            }
        }
    }

    private static int hash(byte[] b, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ b[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
