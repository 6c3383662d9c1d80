package dev.warden.core.plugin;

import dev.warden.core.spi.IpAddress;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an annotated sample log promises about its filter, counted from its {@code # expect:} annotations
 * ({@link SampleExpectation}) without running the filter: for {@code warden plugins --describe}.
 *
 * @param name the sample's file name ({@code sshd-aggressive.log})
 * @param options the text of its {@code # options:} header line (options the filter runs with over this
 *     sample, a YAML flow map), or empty for the defaults
 * @param logLines log lines (lines that are neither comments nor blank)
 * @param failingLines annotated lines expected to yield failures of an address
 * @param failures failures of an address expected in all
 * @param addresses distinct addresses among them
 * @param unattributed failures without an address expected in all
 * @param unreadable annotations that do not parse
 */
public record SampleLogSummary(String name, String options, int logLines, int failingLines, int failures,
                               int addresses, int unattributed, int unreadable) {

    /** The header line giving a sample's options. */
    public static final String OPTIONS = "# options:";

    /** Counts the annotations of a sample's lines. */
    public static SampleLogSummary of(String name, List<String> lines) {
        String options = "";
        int logLines = 0;
        int failingLines = 0;
        int failures = 0;
        int unattributed = 0;
        int unreadable = 0;
        Set<IpAddress> addresses = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith(OPTIONS)) {
                options = line.substring(OPTIONS.length()).trim();
            } else if (line.startsWith(SampleExpectation.PREFIX)) {
                Optional<SampleExpectation> e =
                        SampleExpectation.parse(line.substring(SampleExpectation.PREFIX.length()));
                if (e.isEmpty()) {
                    unreadable++;
                } else if (e.get().outcome() == SampleExpectation.Outcome.FAIL) {
                    failingLines++;
                    failures += e.get().times();
                    addresses.add(e.get().address());
                } else if (e.get().outcome() == SampleExpectation.Outcome.UNATTRIBUTED) {
                    unattributed += e.get().times();
                }
            } else if (!line.startsWith("#") && !line.isBlank()) {
                logLines++;
            }
        }
        return new SampleLogSummary(name, options, logLines, failingLines, failures, addresses.size(), unattributed,
                unreadable);
    }
}
