package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;

/**
 * The open sessions of one filter, addressed the way a line names its session: smtpd's id at the start of
 * the message ({@code b[m, m + 16)}) and the syslog host. Turns that pair into the {@link SessionTable} key
 * (through {@link SessionIds} and {@link HostIds}) and otherwise follows the table's contract: the same
 * operations, the same slots, the same idle-time rule. Owns the table and the host ids, which
 * {@link SessionState} saves and restores.
 *
 * <p>Every method that takes {@code (line, b, m)} expects the caller to have checked
 * {@link SessionIds#isId} at {@code m}, except {@link #activity}, which checks it itself. The slot methods
 * accept -1 (no session): {@link #addressAt} then gives null, {@link #flagsAt} 0, {@link #removeAt}
 * nothing. No allocation but a new host name's and a session's first {@link #addressAt}; no String.
 *
 * <p><b>Threading:</b> none; confined to its filter's jail thread.
 */
final class LineSessions {

    private final SessionTable table;
    private final HostIds hosts = new HostIds();
    /** no-greeting needs to know which sessions did anything: then every session line marks its session. */
    private final boolean tracksActivity;

    LineSessions(Settings settings) {
        this.table = new SessionTable(settings.maxSessions(), settings.idleMillis());
        this.tracksActivity = settings.reports(Kind.NO_GREETING);
    }

    SessionTable table() {
        return table;
    }

    HostIds hosts() {
        return hosts;
    }

    /** See {@link SessionTable#advance}. */
    void advance(long now) {
        table.advance(now);
    }

    /**
     * Binds the line's session to the address of these bits ({@link IpAddress#parseBits}'s form) at
     * {@code now}; see {@link SessionTable#bind(long, int, long, long, long)}.
     */
    void bind(LogLine line, byte[] b, int m, long high, long low, long now) {
        table.bind(SessionIds.parse(b, m), hostOf(line), high, low, now);
    }

    /** Forgets the line's session; see {@link SessionTable#remove}. */
    void remove(LogLine line, byte[] b, int m) {
        table.remove(SessionIds.parse(b, m), hostOf(line));
    }

    /**
     * The slot of the line's session, marking it seen at {@code now}, and active when no-greeting is
     * selected; -1 when unknown or idle too long. See {@link SessionTable#touchSlot}.
     */
    int touch(LogLine line, byte[] b, int m, long now) {
        return table.touchSlot(SessionIds.parse(b, m), hostOf(line), now, tracksActivity ? SessionTable.ACTIVE : 0);
    }

    /** The slot of the line's session, or -1; see {@link SessionTable#lookup}. */
    int lookup(LogLine line, byte[] b, int m, long now) {
        return table.lookup(SessionIds.parse(b, m), hostOf(line), now);
    }

    /** The address in a slot {@link #lookup} or {@link #touch} returned (built on first need, then kept); null for -1. */
    IpAddress addressAt(int slot) {
        return slot < 0 ? null : table.addressAt(slot);
    }

    /** The flags in a slot {@link #lookup} returned; 0 for -1. */
    int flagsAt(int slot) {
        return slot < 0 ? 0 : table.flagsAt(slot);
    }

    /** Forgets the session in a slot {@link #lookup} returned; nothing for -1. */
    void removeAt(int slot) {
        if (slot >= 0) {
            table.removeAt(slot);
        }
    }

    /**
     * Any line of a session but its first and last: marks it {@link SessionTable#ACTIVE}, when no-greeting
     * is selected and {@code b[m, m + 16)} is an id; otherwise does nothing.
     */
    void activity(LogLine line, byte[] b, int m) {
        if (!tracksActivity || !SessionIds.isId(b, m)) {
            return;
        }
        int slot = table.lookup(SessionIds.parse(b, m), hostOf(line), line.epochMillis());
        if (slot >= 0) {
            table.markAt(slot, SessionTable.ACTIVE);
        }
    }

    private int hostOf(LogLine line) {
        return hosts.idOf(line.bytes(), line.hostStart(), line.hostEnd());
    }
}
