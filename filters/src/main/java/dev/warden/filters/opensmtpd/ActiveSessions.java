package dev.warden.filters.opensmtpd;

/**
 * Sessions already marked {@link SessionTable#ACTIVE}, so that their next lines need not look in the
 * table again (most lines of a session come after its first command). Direct-mapped, 1024 entries: a
 * collision only costs a table lookup. An entry must be {@link #forget forgotten} when its session is
 * bound anew or ends; when the table drops the session on its own (idle, evicted), a stale entry is
 * harmless: the session is not in the table, so there is nothing left to mark.
 *
 * <p><b>Threading:</b> none; confined to its filter's jail thread.
 */
final class ActiveSessions {

    private static final int BITS = 10;

    private final long[] ids = new long[1 << BITS];
    /** Host id + 1; 0 marks an empty entry. */
    private final int[] keys = new int[1 << BITS];

    boolean contains(long id, int host) {
        int i = slot(id, host);
        return keys[i] == host + 1 && ids[i] == id;
    }

    void add(long id, int host) {
        int i = slot(id, host);
        ids[i] = id;
        keys[i] = host + 1;
    }

    void forget(long id, int host) {
        int i = slot(id, host);
        if (keys[i] == host + 1 && ids[i] == id) {
            keys[i] = 0;
        }
    }

    private static int slot(long id, int host) {
        long h = (id ^ (host * 0x9E3779B97F4A7C15L)) * 0xBF58476D1CE4E5B9L;
        return (int) (h >>> (64 - BITS));
    }
}
