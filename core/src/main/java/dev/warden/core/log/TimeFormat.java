package dev.warden.core.log;

/** The timestamp shapes a line can carry; counted per run for {@code test-filter}. */
public enum TimeFormat {
    /** {@code Nov  7 10:00:00}: no year, no zone (year inferred, jail time zone). */
    RFC3164,
    /** {@code 2026-11-27T10:00:00.123+01:00}, bare or after an RFC 5424 {@code <PRI>1 } prefix. */
    ISO8601,
    /** No timestamp at all (journal export, bare message): the previous line's time is used. */
    NONE
}
