package dev.warden.core.log;

/**
 * The timestamp shapes a line can carry, each with an example; counted per run for {@code test-filter}. Every
 * built-in shape is read where it stands at the start of a line, or right after a syslog header without a
 * time of its own ({@code host prog[pid]: }, as {@code journalctl} writes it); Apache's access-log time also
 * where the access log puts it. Shapes without a zone are read in the jail's {@code timezone}.
 */
public enum TimeFormat {
    /** RFC 3164, no year, no zone (year inferred, jail time zone); the day padded or not. */
    RFC3164("Dec  6 19:02:25"),
    /** ISO 8601 / RFC 3339 with a zone, bare or after an RFC 5424 {@code <PRI>1 } prefix. */
    ISO8601("2026-12-06T19:02:25.123+01:00"),
    /** ISO 8601 without a zone (jail time zone), {@code T} or blank between date and time (exim, MySQL 5.6, dovecot). */
    ISO8601_LOCAL("2026-12-06 19:02:25"),
    /** Apache's and nginx's access-log time ({@code %t}, {@code $time_local}), with its zone. */
    APACHE("[06/Dec/2026:19:02:25 +0000]"),
    /** C's {@code ctime}: vsftpd, and in brackets with a fraction Apache's error log (jail time zone). */
    CTIME("Sun Dec  6 19:02:25 2026"),
    /** nginx's error log (jail time zone). */
    NGINX("2026/12/06 19:02:25"),
    /** MySQL before 5.6: two-digit year, the hour padded with a blank (jail time zone). */
    MYSQL("261206 19:02:25"),
    /** TAI64N label (daemontools' {@code multilog}, s6): UTC. */
    TAI64N("@400000006b15b14b00000000"),
    /** The jail's own {@code time-format}. */
    CUSTOM("time-format"),
    /** No readable time. */
    NONE("");

    private final String example;

    TimeFormat(String example) {
        this.example = example;
    }

    /** An example of the shape, as a log writes it (for {@code CUSTOM}: the key that defines it). */
    public String example() {
        return example;
    }
}
