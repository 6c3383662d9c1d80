package dev.warden.filters.regex;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;

/**
 * One compiled fail pattern: its cheap {@link RequiredLiteral} check, the re2j pattern with
 * {@code <ADDR>} expanded, and how to read the address out of a match.
 *
 * <p><b>Threading:</b> holds one reusable {@link Matcher}, so an instance belongs to one filter and is
 * used only on its jail's thread.
 */
final class FailPattern {

    private final String source;
    private final RequiredLiteral literal;
    private final byte[] near;
    private final Matcher matcher;
    private final int group;
    private final boolean anchored;
    private final boolean looseStart;
    private final boolean looseEnd;

    /**
     * @param source the pattern as the operator wrote it
     * @param literal what every match contains
     * @param near the longest literal of the fail pattern alone (without prefix), for explanations; may be empty
     * @param pattern the expanded pattern, with the {@link AddressPattern#GROUP} group
     * @param anchored matched from the message start ({@code lookingAt}) rather than anywhere ({@code find})
     * @param looseStart whether the pattern leaves open where the address starts
     * @param looseEnd whether it leaves open where the address ends
     */
    FailPattern(String source, RequiredLiteral literal, byte[] near, Pattern pattern, boolean anchored,
                boolean looseStart, boolean looseEnd) {
        this.source = source;
        this.literal = literal;
        this.near = near.clone();
        this.matcher = pattern.matcher("");
        this.group = pattern.namedGroups().get(AddressPattern.GROUP);
        this.anchored = anchored;
        this.looseStart = looseStart;
        this.looseEnd = looseEnd;
    }

    /** The pattern as written: its name in {@link dev.warden.core.spi.FilterStats#patternHits()}. */
    String source() {
        return source;
    }

    RequiredLiteral literal() {
        return literal;
    }

    /** Whether the message in {@code b[from, to)} can match at all (no regex, no allocation). */
    boolean admits(byte[] b, int from, int to) {
        return literal.admits(b, from, to);
    }

    /**
     * Whether {@code b[from, to)} holds the fail pattern's own longest literal anywhere (and it has one): a line
     * worth explaining when the pattern did not admit or match it. Allocation-free.
     */
    boolean near(byte[] b, int from, int to) {
        return near.length > 0 && LineBytes.indexOf(b, from, to, near) >= 0;
    }

    /** Runs the pattern on {@code message} (exactly the message); true when it matches. */
    boolean matches(String message) {
        matcher.reset(message);
        return anchored ? matcher.lookingAt() : matcher.find();
    }

    /** Whether an anchored pattern would match somewhere later in {@code message} (for explanations). */
    boolean findsAnywhere(String message) {
        return anchored && matcher.reset(message).find();
    }

    /**
     * After {@link #matches} returned true on {@code message}: the captured address (see
     * {@link AddressPattern#read}), or null when there is none.
     */
    IpAddress address(String message) {
        int s = matcher.start(group);
        int e = matcher.end(group);
        return s < 0 ? null : AddressPattern.read(message, s, e, looseStart, looseEnd);
    }

    @Override
    public String toString() {
        return source;
    }
}
