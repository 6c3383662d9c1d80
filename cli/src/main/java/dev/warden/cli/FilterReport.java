package dev.warden.cli;

import dev.warden.core.log.LogFeeder;
import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts what a filter reports, for {@code test-filter}'s summary and its TSV output. */
final class FilterReport {

    private final Map<IpAddress, long[]> perAddress = new HashMap<>();
    private final Map<String, long[]> perKind = new HashMap<>();
    private long failures;
    private long unattributed;

    private Writer tsv;
    private long currentLine;

    private final FailureSink sink = new FailureSink() {
        @Override
        public void failure(IpAddress address, long epochMillis, String kind) {
            failures++;
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
        }
    };

    /** Also write {@code LINE<TAB>ADDRESS} for each failure to {@code out}. */
    void writeTsvTo(Writer out) {
        this.tsv = out;
    }

    /** The sink for the failures of line {@code line}. */
    FailureSink sink(long line) {
        this.currentLine = line;
        return sink;
    }

    void printSummary(PrintWriter out, LogFeeder feeder, long nanos) {
        double seconds = Math.max(nanos, 1) / 1e9;
        out.printf("Lines read:            %d (%d without a readable time, %d cut as overlong)%n", feeder.lines(),
                feeder.untimedLines(), feeder.overlongLines());
        out.printf("Timestamp formats:     %s%n", feeder.formats());
        if (feeder.firstMillis() != Long.MIN_VALUE) {
            out.printf("Time span:             %s .. %s%n", Instant.ofEpochMilli(feeder.firstMillis()),
                    Instant.ofEpochMilli(feeder.lastMillis()));
        }
        out.printf("Failures:              %d%n", failures);
        perKind.forEach((k, v) -> out.printf("  kind %-18s %d%n", k + ":", v[0]));
        out.printf("Unattributed failures: %d%n", unattributed);
        out.printf("Distinct addresses:    %d%n", perAddress.size());
        List<Map.Entry<IpAddress, long[]>> top = perAddress.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]) != 0
                        ? Long.compare(b.getValue()[0], a.getValue()[0]) : a.getKey().compareTo(b.getKey()))
                .limit(10).collect(Collectors.toList());
        if (!top.isEmpty()) {
            out.println("Top offenders:");
            top.forEach(e -> out.printf("  %8d  %s%n", e.getValue()[0], e.getKey()));
        }
        out.printf("Throughput:            %.0f lines/s (%.3f s)%n", feeder.lines() / seconds, seconds);
        out.flush();
    }
}
