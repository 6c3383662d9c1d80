package dev.warden.filters.opensmtpd;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of failure the filter can report, each selectable in the jail ({@code kinds: [...]}) or through
 * a {@link #MODES mode}. The {@link #id} is what the operator writes and what the sink receives.
 */
enum Kind {
    /** {@code authentication ... result=permfail}: a wrong password. */
    AUTH("auth"),
    /** {@code failed-command command="AUTH ..." result="503 ... Command not supported"}: AUTH not offered. */
    AUTH_ON_PLAINTEXT("auth-on-plaintext"),
    /** Another {@code failed-command} whose reply code is in {@code bad-command-codes}. */
    BAD_COMMAND("bad-command"),
    /** {@code bad-input}: pipelining where it is not offered, or a line too long. */
    BAD_INPUT("bad-input"),
    /** The session ended in a failed TLS handshake. */
    TLS_FAILURE("tls-failure"),
    /** Connected and disconnected (not by QUIT) without a single logged command. */
    NO_GREETING("no-greeting"),
    /** {@code authentication ... result=tempfail}: the auth backend failed; not an attack. */
    TEMPFAIL("tempfail");

    /** The modes, in the order {@code describe} lists them, with the kinds each selects. */
    static final List<Mode> MODES = List.of(
            new Mode("auth", List.of(AUTH)),
            new Mode("scanner", List.of(AUTH, AUTH_ON_PLAINTEXT, BAD_INPUT, TLS_FAILURE, NO_GREETING)),
            new Mode("aggressive", List.of(values())));

    /** A named bundle of kinds. */
    record Mode(String name, List<Kind> kinds) {

        int mask() {
            return Kind.mask(kinds);
        }
    }

    final String id;

    Kind(String id) {
        this.id = id;
    }

    int bit() {
        return 1 << ordinal();
    }

    boolean in(int mask) {
        return (mask & bit()) != 0;
    }

    static int mask(List<Kind> kinds) {
        int m = 0;
        for (Kind k : kinds) {
            m |= k.bit();
        }
        return m;
    }

    static Optional<Kind> byId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    static Optional<Mode> mode(String name) {
        return MODES.stream().filter(m -> m.name.equals(name)).findFirst();
    }

    static String ids() {
        return String.join(", ", Arrays.stream(values()).map(k -> k.id).toList());
    }
}
