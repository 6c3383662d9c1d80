package dev.warden.core.spi;

/**
 * Turns log lines into failures for one jail. Created by a {@link FilterFactory}.
 *
 * <p><b>Threading:</b> an instance is only ever called from its jail's thread; it needs no locking.
 * <b>Order:</b> lines arrive in log order, file after file (a rotated file before its successor).
 * <b>State:</b> multi-line correlation (sessions, pids) lives in the instance and must be bounded.
 * A filter never bans, counts or decides: it reports what each line proves and nothing more.
 */
public interface Filter {

    /**
     * Examines one line and reports zero or more failures to {@code sink} before returning.
     * The line is a view over a reused buffer, valid only during this call: copy what you keep.
     * Must not throw on any input; a line it cannot read is simply not a failure.
     */
    void accept(LogLine line, FailureSink sink);

    /**
     * The multi-line state worth keeping across a restart (open OpenSMTPD sessions: id, host, address,
     * last seen), as text the same filter type can {@link #restoreState restore}; persisted with the
     * daemon's state, so a session that began before a restart or a rotation keeps its address. Called on
     * the jail's thread between lines. Null (the default) when there is nothing to keep. Keep it bounded
     * like the state itself; any characters may be used (it is stored encoded).
     */
    default String saveState() {
        return null;
    }

    /**
     * Puts back what {@link #saveState} returned in an earlier run of a filter of the same type (possibly
     * configured differently), before the first line is given. Must not throw: text it cannot read, or
     * entries its options now reject, are ignored. The default ignores everything.
     */
    default void restoreState(String state) {
    }
}
