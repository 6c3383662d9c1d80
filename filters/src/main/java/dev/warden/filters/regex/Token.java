package dev.warden.filters.regex;

/**
 * One piece of a pattern as written, from {@link PatternScanner}: enough structure to find the
 * placeholders, the literal text every match must contain, and the constructs RE2 lacks. Not a full
 * parse: anything the scanner does not understand is {@link Kind#OTHER}, which is always safe.
 *
 * @param kind what the piece is
 * @param start offset of its first char in the pattern
 * @param end offset just past it
 * @param value the code point of a {@link Kind#LITERAL}; the minimum count of a {@link Kind#QUANTIFIER};
 *     1 for a case-insensitive {@link Kind#FLAGS}; 0 otherwise
 */
record Token(Kind kind, int start, int end, int value) {

    enum Kind {
        /** One character that matches itself ({@code a}, {@code \.}). */
        LITERAL,
        /** {@code <ADDR>} or {@code <HOST>}. */
        PLACEHOLDER,
        /** {@code *}, {@code +}, {@code ?}, {@code {n,m}}, greedy or lazy. */
        QUANTIFIER,
        /** {@code (}, {@code (?:}, {@code (?P<name>}, {@code (?i:}. */
        OPEN,
        CLOSE,
        /** {@code |}. */
        ALTERNATION,
        /** {@code ^}. */
        START,
        /** {@code $}. */
        END,
        /** A zero-width assertion: {@code \b}, {@code \B}, {@code \A}, {@code \z}. */
        ASSERTION,
        /** A flag setting for the rest of its group: {@code (?i)}. */
        FLAGS,
        /** Anything else that matches text: {@code .}, {@code [a-z]}, {@code \d}, {@code \Q…\E}, a bare '{'. */
        OTHER
    }

    boolean is(Kind k) {
        return kind == k;
    }
}
