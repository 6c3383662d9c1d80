package dev.warden.core.log;

/**
 * One reading path's lines counted by what became of them after their header was parsed: those without a
 * readable time of their own, and among those {@link LineTrust} withholds, the ones that start as a time
 * would (an unreadable time) and the others (continuation lines). Every reader ({@link FollowSource},
 * {@link ProgramSource}, {@link LogFeeder}, {@link ParallelFeed}) decides a line's fate here, so that they
 * count alike, and every {@link LogSource} reports its lines' fates through one. Confined to one thread;
 * allocation-free.
 */
public final class LineCounts {

    /** What became of a parsed line. */
    enum Fate {
        /** It may reach a filter. */
        ADMITTED,
        /** Withheld: it starts as a time would, but none could be read. */
        UNREADABLE_TIME,
        /** Withheld: the rest of a message cut by an embedded newline. */
        CONTINUATION
    }

    long untimed;
    long unreadable;
    long continuation;

    /**
     * Counts the line {@code b[start, end)}, whose own time was ({@code hasTime}) or was not read, and
     * returns whether {@code trust} admits it or why it is withheld.
     */
    Fate count(boolean hasTime, LineTrust trust, byte[] b, int start, int end) {
        if (!hasTime) {
            untimed++;
        }
        if (trust.admits(hasTime)) {
            return Fate.ADMITTED;
        }
        if (LineTrust.looksTimed(b, start, end)) {
            unreadable++;
            return Fate.UNREADABLE_TIME;
        }
        continuation++;
        return Fate.CONTINUATION;
    }

    /**
     * Lines whose own time could not be read: handed out with the previous line's time, or withheld as
     * continuation lines.
     */
    public long untimed() {
        return untimed;
    }

    /**
     * Lines whose time could not be read but that start as a time would, in a file whose lines have times (or
     * a jail with a {@code time-format}): withheld, never stamped with another line's time ({@link LineTrust}).
     */
    public long unreadable() {
        return unreadable;
    }

    /**
     * Lines without a time of their own in a file that had shown timed lines, not starting as a time would:
     * withheld ({@link LineTrust}).
     */
    public long continuation() {
        return continuation;
    }

    /** Adds {@code other}'s counts to these. */
    void add(LineCounts other) {
        untimed += other.untimed;
        unreadable += other.unreadable;
        continuation += other.continuation;
    }
}
