package dev.warden.filters.sshd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterStats;
import dev.warden.core.spi.LogLine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sshd filter for one jail: locate sshd's message in the line (tag check first, so foreign lines cost
 * a few byte comparisons), match it against the {@link MessageCatalogue}, and let the
 * {@link SessionCorrelator} decide what it proves.
 *
 * <p><b>Threading:</b> confined to its jail's thread, like every {@link Filter}; holds per-pid session
 * state bounded by {@link SessionTable}, kept across a restart by {@link #saveState}/{@link #restoreState}.
 * Never throws on any input.
 */
final class SshdFilter implements Filter, FilterStats {

    private final long[] hits = new long[MessageKind.values().length];
    private final SshdLineLocator locator;
    private final MessageCatalogue catalogue;
    private final SessionCorrelator correlator;

    SshdFilter(SshdLineLocator locator, MessageCatalogue catalogue, SessionCorrelator correlator) {
        this.locator = locator;
        this.catalogue = catalogue;
        this.correlator = correlator;
    }

    @Override
    public void accept(LogLine line, FailureSink sink) {
        if (!locator.locate(line)) {
            return;
        }
        SshdEvent event = catalogue.parse(line.bytes(), locator.start, locator.end, locator.preauth);
        if (event != null) {
            hits[event.kind().ordinal()]++;
            correlator.apply(event, locator.pid, line.epochMillis(), sink);
        }
    }

    /**
     * The open sessions (pid, peer, last seen, the stage reached, failures waiting for an address, PAM
     * attempts) as text, so that a connection whose first lines were read before a restart is still
     * attributed after it; null when none is open. Not on the per-line path. See {@link SessionState}.
     */
    @Override
    public String saveState() {
        return SessionState.save(correlator);
    }

    /** Puts back the sessions of {@link #saveState}, within this filter's options; ignores what it cannot read. */
    @Override
    public void restoreState(String state) {
        SessionState.restore(correlator, state);
    }

    /** Lines per recognized sshd message shape (whether or not the mode counts it as a failure). */
    @Override
    public Map<String, Long> patternHits() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (MessageKind k : MessageKind.values()) {
            if (hits[k.ordinal()] > 0) {
                out.put(k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), hits[k.ordinal()]);
            }
        }
        return out;
    }

    /** The sshd filter has no ignore rules. */
    @Override
    public long ignoredLines() {
        return 0;
    }
}
