package dev.warden.filters.sshd;

import java.util.Locale;

/**
 * Which message classes count as failures, as in fail2ban's sshd filter. {@link #NORMAL} counts
 * authentication failures; {@link #DDOS} adds pre-authentication scanners and pre-auth disconnects;
 * {@link #EXTRA} adds algorithm-negotiation failures, "no authentication methods" and pre-auth
 * disconnects of a named user; {@link #AGGRESSIVE} is all three.
 */
enum SshdMode {
    NORMAL(false, false),
    DDOS(true, false),
    EXTRA(false, true),
    AGGRESSIVE(true, true);

    private final boolean ddos;
    private final boolean extra;

    SshdMode(boolean ddos, boolean extra) {
        this.ddos = ddos;
        this.extra = extra;
    }

    /** Whether scanner and pre-auth disconnect messages count. */
    boolean ddos() {
        return ddos;
    }

    /** Whether negotiation failures and named-user pre-auth disconnects count. */
    boolean extra() {
        return extra;
    }

    /** The option value operators write ({@code normal}, ...). */
    String optionValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an option value; throws IllegalArgumentException for an unknown one. */
    static SshdMode of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
