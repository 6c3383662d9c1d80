package dev.warden.filters.regex;

import dev.warden.core.spi.LineBytes;
import dev.warden.filters.regex.Token.Kind;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Text every match of a pattern must contain, checked on the line's bytes before re2j runs: a
 * {@code prefix} the message must start with (anchored patterns only) and the longest other literal it
 * must contain {@code anywhere}. Either may be empty (no check). Immutable.
 *
 * <p>Extraction is conservative: only top-level literal characters count; a group, class, escape other
 * than escaped punctuation, or {@code .} ends a run; a character followed by {@code *}, {@code ?} or
 * {@code {0,…}} is dropped; a top-level {@code |} or a case-insensitive flag means no check at all.
 */
record RequiredLiteral(byte[] prefix, byte[] anywhere) {

    /** Literals shorter than this are not worth a search (a prefix of any length is). */
    static final int MIN_SEARCH = 3;

    static final RequiredLiteral NONE = new RequiredLiteral(new byte[0], new byte[0]);

    /** What every match of {@code tokens} must contain; {@code anchored}: matched from the message start. */
    static RequiredLiteral of(List<Token> tokens, boolean anchored) {
        for (Token t : tokens) {
            if (t.is(Kind.FLAGS) && t.value() == 1) {
                return NONE;
            }
        }
        Runs runs = new Runs(anchored || !tokens.isEmpty() && tokens.get(0).is(Kind.START));
        int depth = 0;
        for (int k = 0; k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (depth > 0) {
                depth += t.is(Kind.OPEN) ? 1 : t.is(Kind.CLOSE) ? -1 : 0;
                continue;
            }
            switch (t.kind()) {
                case LITERAL -> runs.literal(t.value());
                case QUANTIFIER -> runs.quantified(k > 0 && tokens.get(k - 1).is(Kind.LITERAL), t.value());
                case START -> runs.startAnchor(k);
                case ALTERNATION -> {
                    return NONE;
                }
                case OPEN -> {
                    runs.flush();
                    depth = 1;
                }
                default -> runs.flush();
            }
        }
        runs.flush();
        byte[] prefix = runs.prefix == null ? new byte[0] : utf8(runs.prefix);
        byte[] best = utf8(runs.best);
        boolean search = best.length >= MIN_SEARCH;
        return new RequiredLiteral(prefix, search ? best : new byte[0]);
    }

    /** Whether {@code b[from, to)} passes both checks. Allocation-free. */
    boolean admits(byte[] b, int from, int to) {
        // an empty literal is found at from: no check
        return LineBytes.startsWith(b, from, to, prefix) && LineBytes.indexOf(b, from, to, anywhere) >= 0;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The literal runs of one pattern, in order: the longest so far and the one at the message start. */
    private static final class Runs {
        final StringBuilder run = new StringBuilder();
        String best = "";
        String prefix;
        boolean atStart;

        Runs(boolean atStart) {
            this.atStart = atStart;
        }

        /** U+FFFD may stand for malformed bytes in the decoded message: never required of the raw bytes. */
        void literal(int codePoint) {
            if (codePoint == 0xFFFD) {
                flush();
            } else {
                run.appendCodePoint(codePoint);
            }
        }

        /** A quantifier after the run; {@code onLiteral}: it applies to the run's last character. */
        void quantified(boolean onLiteral, int min) {
            if (onLiteral && min == 0 && run.length() > 0) {
                run.setLength(run.length() - Character.charCount(run.codePointBefore(run.length())));
            }
            flush();
        }

        /** A {@code ^}: the start anchor when first, otherwise a run break. */
        void startAnchor(int index) {
            if (index > 0) {
                flush();
            }
        }

        void flush() {
            String s = run.toString();
            if (atStart) {
                prefix = s;
                atStart = false;
            } else if (utf8(s).length > utf8(best).length) {
                best = s;
            }
            run.setLength(0);
        }
    }

    @Override
    public String toString() {
        return "RequiredLiteral[prefix=" + new String(prefix, StandardCharsets.UTF_8)
                + ", anywhere=" + new String(anywhere, StandardCharsets.UTF_8) + "]";
    }
}
