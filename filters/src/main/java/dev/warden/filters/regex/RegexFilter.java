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
 * The {@code regex} filter for one jail. Per line, cheapest first: the program tag (a byte compare), each
 * fail pattern's {@link RequiredLiteral} (a byte search), and only then the message as a String and re2j.
 * The first fail pattern that matches decides the line: its address is a failure of
 * {@code kind}, unless an ignore pattern is found anywhere in the message (an ignored line) or the
 * capture is not a whole, valid address (nothing). At most one failure per line.
 *
 * <p>re2j runs on a String, not on its {@code byte[]} input: that input decodes malformed UTF-8 by
 * swallowing the next byte (a delimiter can vanish), while the String decoder replaces only the malformed
 * bytes with U+FFFD; the two cost the same, re2j's NFA dominates.
 *
 * <p><b>Threading:</b> confined to its jail's thread like every {@link Filter}; it reuses one re2j
 * matcher per pattern and keeps unsynchronized counters, so it must never be shared. Never throws on any
 * input; keeps no state across lines besides the counters.
 */
final class RegexFilter implements Filter, FilterStats {

    private final byte[] tag;
    private final String kind;
    private final FailPattern[] fails;
    private final Matcher[] ignores;
    private final long[] hits;
    private long ignoredLines;

    /**
     * @param tag the program name lines must carry (ASCII/UTF-8 bytes), or null for every line
     * @param kind the failure kind reported
     * @param fails the fail patterns, in priority order; at least one
     * @param ignores matchers of the ignore patterns, searched anywhere in the message
     */
    RegexFilter(byte[] tag, String kind, List<FailPattern> fails, List<Matcher> ignores) {
        this.tag = tag == null ? null : tag.clone();
        this.kind = kind;
        this.fails = fails.toArray(new FailPattern[0]);
        this.ignores = ignores.toArray(new Matcher[0]);
        this.hits = new long[this.fails.length];
    }

    @Override
    public void accept(LogLine line, FailureSink sink) {
        if (tag != null && !line.tagIs(tag)) {
            return;
        }
        byte[] b = line.bytes();
        int from = line.messageStart();
        int to = line.end();
        String message = null;
        for (int k = 0; k < fails.length; k++) {
            FailPattern p = fails[k];
            if (!p.admits(b, from, to)) {
                continue;
            }
            if (message == null) {
                message = new String(b, from, to - from, StandardCharsets.UTF_8);
            }
            if (p.matches(message)) {
                decide(k, p.address(message), message, line.epochMillis(), sink);
                return;
            }
        }
    }

    /** The first matching pattern {@code k} found {@code address} (null: not a usable address). */
    private void decide(int k, IpAddress address, String message, long epochMillis, FailureSink sink) {
        if (address == null) {
            return;
        }
        hits[k]++;
        for (Matcher ignore : ignores) {
            if (ignore.reset(message).find()) {
                ignoredLines++;
                return;
            }
        }
        sink.failure(address, epochMillis, kind);
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
}
