package dev.warden.cli;

import dev.warden.core.api.FilterTrial;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterStats;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LogLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts what a filter reports, for {@code test-filter}'s summary and its TSV output. */
final class FilterReport implements FilterTrial.Listener {

    private final Map<IpAddress, long[]> perAddress = new HashMap<>();
    private final Map<String, long[]> perKind = new HashMap<>();
    private long failures;
    private long unattributed;

    private Writer tsv;
    private long currentLine;
    private boolean lineFailed;
    private long matchedLines;
    private int showMatched;
    private int showMissed;
    private final List<String> matchedSamples = new ArrayList<>();
    private final List<String> missedSamples = new ArrayList<>();
    /** The first lines withheld for an unreadable time, always shown. */
    private final List<String> unreadableSamples = new ArrayList<>();
    static final int UNREADABLE_SHOWN = 5;

    private final FailureSink sink = new FailureSink() {
        @Override
        public void failure(IpAddress address, long epochMillis, String kind) {
            failures++;
            lineFailed = true;
            perAddress.computeIfAbsent(address, a -> new long[1])[0]++;
            perKind.computeIfAbsent(kind, k -> new long[1])[0]++;
            if (tsv != null) {
                try {
                    tsv.write(currentLine + "\t" + address + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        @Override
        public void unattributed(long epochMillis, String kind) {
            unattributed++;
            lineFailed = true;
        }
    };

    /** Keep up to {@code matched} lines that yielded a failure and {@code missed} that did not, to show. */
    void keepSamples(int matched, int missed) {
        this.showMatched = matched;
        this.showMissed = missed;
    }

    /** The sink for the failures of {@code line}. */
    @Override
    public FailureSink before(LogLine line) {
        return sink(line.lineNumber());
    }

    /**
     * Called after the filter saw {@code line}: counts it and keeps it as a sample if wanted, its text
     * escaped for the terminal ({@link TerminalText}).
     */
    @Override
    public void after(LogLine line) {
        if (lineFailed) {
            matchedLines++;
            if (matchedSamples.size() < showMatched) {
                matchedSamples.add(sample(line));
            }
            lineFailed = false;
        } else if (missedSamples.size() < showMissed && !line.text().startsWith("#")) {
            missedSamples.add(sample(line));
        }
    }

    /** Keeps the first {@value #UNREADABLE_SHOWN} lines withheld for an unreadable time, to show. */
    @Override
    public void unreadableTime(LogLine line) {
        if (unreadableSamples.size() < UNREADABLE_SHOWN) {
            unreadableSamples.add(sample(line));
        }
    }

    private static String sample(LogLine line) {
        return line.lineNumber() + ": " + TerminalText.escape(line.text());
    }

    /**
     * Also write {@code LINE<TAB>ADDRESS} for each failure to {@code out}: a decimal line number and a
     * canonical address, never text of the line, so no line can add a column or a row.
     */
    void writeTsvTo(Writer out) {
        this.tsv = out;
    }

    /** The sink for the failures of line {@code line}. */
    FailureSink sink(long line) {
        this.currentLine = line;
        return sink;
    }

    void printSummary(PrintWriter out, FilterTrial.Counts read, long nanos, Filter filter) {
        double seconds = Math.max(nanos, 1) / 1e9;
        if (showMatched > 0) {
            out.printf("Matched lines (first %d):%n", showMatched);
            matchedSamples.forEach(l -> out.println("  " + l));
        }
        if (showMissed > 0) {
            out.printf("Missed lines (first %d):%n", showMissed);
            missedSamples.forEach(l -> out.println("  " + l));
        }
        out.printf("Lines read:            %d (%d without a readable time)%n", read.lines(), read.untimedLines());
        out.printf("Lines withheld:        %d continuation (no time of their own in a timed log), %d with an"
                + " unreadable time, %d overlong (over 64 KiB)%n", read.continuationLines(),
                read.unreadableTimeLines(), read.overlongLines());
        out.printf("Timestamp formats:     %s%n", read.timeFormats());
        Map<String, String> examples = FilterTrial.timeFormatExamples();
        read.timeFormats().forEach((f, n) -> {
            if (!"NONE".equals(f)) {
                out.printf("  %-14s %10d  like \"%s\"%n", f, n, examples.getOrDefault(f, ""));
            }
        });
        if (read.unreadableTimeLines() > 0) {
            out.printf("Unreadable times (first %d of %d; withheld from the filter, a time-format may read them):%n",
                    unreadableSamples.size(), read.unreadableTimeLines());
            unreadableSamples.forEach(l -> out.println("  " + l));
        }
        if (read.firstTime() != null) {
            out.printf("Time span:             %s .. %s%n", read.firstTime(), read.lastTime());
        }
        out.printf("Failures:              %d%n", failures);
        perKind.forEach((k, v) -> out.printf("  kind %-18s %d%n", k + ":", v[0]));
        if (filter instanceof FilterStats stats) {
            out.printf("Lines ignored:         %d%n", stats.ignoredLines());
            if (!stats.patternHits().isEmpty()) {
                out.println("Pattern hits:");
                stats.patternHits().forEach((p, n) -> out.printf("  %8d  %s%n", n, p));
            }
            if (!stats.explanations().isEmpty()) {
                out.println("Patterns that matched nothing:");
                stats.explanations().forEach(e -> out.println("  " + e));
            }
        }
        out.printf("Unattributed failures: %d%n", unattributed);
        out.printf("Lines with a failure:  %d%n", matchedLines);
        out.printf("Distinct addresses:    %d%n", perAddress.size());
        List<Map.Entry<IpAddress, long[]>> top = perAddress.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]) != 0
                        ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()))
                .limit(10).collect(Collectors.toList());
        if (!top.isEmpty()) {
            out.println("Top offenders:");
            top.forEach(e -> out.printf("  %8d  %s%n", e.getValue()[0], e.getKey()));
        }
        out.printf("Throughput:            %.0f lines/s (%.3f s)%n", read.lines() / seconds, seconds);
        out.flush();
    }
}
