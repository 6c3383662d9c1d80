package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;

import java.util.Arrays;

/**
 * The seven parallel arrays behind a {@link SessionTable}: linear probing, backward-shift deletion, no
 * tombstones. A slot is empty when its key (host id + 1) is 0. Knows nothing of time or bounds.
 *
 * <p><b>Threading:</b> none; owned by one table.
 */
final class SessionSlots {

    final long[] ids;
    /** Host id + 1, so that 0 marks an empty slot. */
    final int[] keys;
    /** The client address's 128 bits, as {@link IpAddress#parseBits} writes them (IPv4 as IPv4-mapped). */
    final long[] highs;
    final long[] lows;
    /** The same address as an {@link IpAddress}, built on first need (a failure to report); null until then. */
    final IpAddress[] addresses;
    final long[] seen;
    /** Per-session flags ({@link SessionTable#ACTIVE}). */
    final byte[] flags;
    final int mask;

    SessionSlots(int capacity) {
        ids = new long[capacity];
        keys = new int[capacity];
        highs = new long[capacity];
        lows = new long[capacity];
        addresses = new IpAddress[capacity];
        seen = new long[capacity];
        flags = new byte[capacity];
        mask = capacity - 1;
    }

    void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(addresses, null);
    }

    static int home(long id, int key) {
        long h = (id ^ (key * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
        return (int) (h ^ (h >>> 32));
    }

    /** The slot holding the key, or {@code ~slot} of the empty slot where it belongs. */
    int find(long id, int key) {
        int i = home(id, key) & mask;
        while (true) {
            int k = keys[i];
            if (k == 0) {
                return ~i;
            }
            if (k == key && ids[i] == id) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Empties a slot, shifting later entries of its probe run back so that none becomes unreachable. */
    void removeAt(int hole) {
        int i = hole;
        while (true) {
            i = (i + 1) & mask;
            int key = keys[i];
            if (key == 0) {
                break;
            }
            int home = home(ids[i], key) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                ids[hole] = ids[i];
                keys[hole] = key;
                highs[hole] = highs[i];
                lows[hole] = lows[i];
                addresses[hole] = addresses[i];
                seen[hole] = seen[i];
                flags[hole] = flags[i];
                hole = i;
            }
        }
        keys[hole] = 0;
        addresses[hole] = null;
    }
}
