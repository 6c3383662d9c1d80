package dev.warden.filters.regex;

import com.google.re2j.Matcher;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterStats;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code regex} filter for one jail. Per line, cheapest first: the program tag ({@link TagMatcher}: byte
 * compares, or a pattern on a reused view), each fail pattern's {@link RequiredLiteral} (a byte search), and
 * only then the message (or the whole line, {@code match: line}) as a String and re2j. The first fail pattern
 * that matches decides the line: its address is a failure of its kind, unless an ignore pattern is found
 * anywhere in the text (an ignored line) or the capture is not a whole, valid address (nothing). At most one
 * failure per line. A {@code prefix} is part of each fail pattern (see {@link PatternCompiler}).
 *
 * <p>re2j runs on a String, not on its {@code byte[]} input: that input decodes malformed UTF-8 by
 * swallowing the next byte (a delimiter can vanish), while the String decoder replaces only the malformed
 * bytes with U+FFFD; the two cost the same, re2j's NFA dominates.
 *
 * <p>While a pattern has matched nothing, {@link MissNotes} records why the lines that held its fixed text
 * missed it: every extra look at a line the tag or the literals turned away counts against
 * {@link MissNotes#BUDGET}, so that work is bounded for the filter's life, and ends for a pattern once it matches.
 *
 * <p><b>Threading:</b> confined to its jail's thread like every {@link Filter}; it reuses one re2j
 * matcher per pattern and keeps unsynchronized counters, so it must never be shared. Never throws on any
 * input; keeps no state across lines besides the counters.
 */
final class RegexFilter implements Filter, FilterStats {

    private final TagMatcher tag;
    private final boolean wholeLine;
    private final String[] kinds;
    private final FailPattern[] fails;
    private final Matcher[] ignores;
    private final Matcher prefix;
    private final long[] hits;
    private final MissNotes notes;
    private long ignoredLines;

    /**
     * @param tag the program names lines must carry
     * @param wholeLine whether patterns see the whole line ({@code match: line}) rather than the message
     * @param kinds the failure kind of each fail pattern
     * @param fails the fail patterns, in priority order; at least one
     * @param ignores matchers of the ignore patterns, searched anywhere in the text
     * @param prefix a matcher of the prefix alone, for explanations; null without one
     */
    RegexFilter(TagMatcher tag, boolean wholeLine, List<String> kinds, List<FailPattern> fails, List<Matcher> ignores,
                Matcher prefix) {
        this.tag = tag;
        this.wholeLine = wholeLine;
        this.kinds = kinds.toArray(new String[0]);
        this.fails = fails.toArray(new FailPattern[0]);
        this.ignores = ignores.toArray(new Matcher[0]);
        this.prefix = prefix;
        this.hits = new long[this.fails.length];
        this.notes = new MissNotes(fails.stream().map(FailPattern::source).toList());
    }

    @Override
    public void accept(LogLine line, FailureSink sink) {
        byte[] b = line.bytes();
        int from = wholeLine ? line.start() : line.messageStart();
        int to = line.end();
        if (!tag.accepts(line)) {
            noteTagMisses(line, b, from, to);
            return;
        }
        String text = null;
        for (int k = 0; k < fails.length; k++) {
            FailPattern p = fails[k];
            if (!p.admits(b, from, to)) {
                if (notes.watching(k) && notes.spend() && p.near(b, from, to)) {
                    text = text != null ? text : new String(b, from, to - from, StandardCharsets.UTF_8);
                    noteMiss(k, p, text, line);
                }
                continue;
            }
            if (text == null) {
                text = new String(b, from, to - from, StandardCharsets.UTF_8);
            }
            if (p.matches(text)) {
                notes.matched(k);
                decide(k, p.address(text), text, line.epochMillis(), sink);
                return;
            }
            if (notes.watching(k)) {
                noteMiss(k, p, text, line);
            }
        }
    }

    /** The first matching pattern {@code k} found {@code address} (null: not a usable address). */
    private void decide(int k, IpAddress address, String text, long epochMillis, FailureSink sink) {
        if (address == null) {
            return;
        }
        hits[k]++;
        for (Matcher ignore : ignores) {
            if (ignore.reset(text).find()) {
                ignoredLines++;
                return;
            }
        }
        sink.failure(address, epochMillis, kinds[k]);
    }

    private void noteTagMisses(LogLine line, byte[] b, int from, int to) {
        for (int k = 0; k < fails.length; k++) {
            if (notes.wants(k, MissNotes.Reason.TAG) && notes.spend() && fails[k].admits(b, from, to)) {
                String text = new String(b, from, to - from, StandardCharsets.UTF_8);
                if (fails[k].matches(text)) {
                    notes.note(k, MissNotes.Reason.TAG, line.lineNumber());
                }
            }
        }
    }

    private void noteMiss(int k, FailPattern p, String text, LogLine line) {
        notes.close(k);
        if (!wholeLine && !line.hasTime()) {
            notes.undated(k, line.lineNumber(), line.bytes(), line.start(), line.end());
        } else if (!wholeLine && line.tagStart() == line.tagEnd()) {
            notes.note(k, MissNotes.Reason.UNTAGGED, line.lineNumber());
        }
        if (prefix != null && notes.wants(k, MissNotes.Reason.PREFIX) && notes.spend()
                && !prefix.reset(text).lookingAt()) {
            notes.note(k, MissNotes.Reason.PREFIX, line.lineNumber());
        } else if (notes.wants(k, MissNotes.Reason.ANCHOR) && notes.spend() && p.findsAnywhere(text)) {
            notes.note(k, MissNotes.Reason.ANCHOR, line.lineNumber());
        }
    }

    /** Lines each fail pattern decided with an address (reported or ignored), by the pattern as written. */
    @Override
    public Map<String, Long> patternHits() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (int k = 0; k < fails.length; k++) {
            out.put(fails[k].source(), hits[k]);
        }
        return Collections.unmodifiableMap(out);
    }

    @Override
    public long ignoredLines() {
        return ignoredLines;
    }

    @Override
    public List<String> explanations() {
        return notes.explain(tag.written(), wholeLine ? "line" : "message");
    }
}
