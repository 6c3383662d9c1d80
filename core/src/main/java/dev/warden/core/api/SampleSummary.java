package dev.warden.core.api;

import dev.warden.core.plugin.SampleLogs;

/**
 * What one annotated sample log of a filter promises, counted from its {@code # expect:} annotations without
 * running the filter ({@link Plugins#samples(String)}): for {@code warden plugins --describe}.
 *
 * @param name the sample's file name ({@code sshd-aggressive.log}); never null
 * @param options the text of its {@code # options:} header line (the filter's options over this sample, a
 *     YAML flow map), or empty (never null) for the defaults
 * @param logLines log lines (neither comments nor blank)
 * @param failingLines annotated lines expected to yield failures of an address
 * @param failures failures of an address expected in all
 * @param addresses distinct addresses among them
 * @param unattributed failures without an address expected in all
 */
public record SampleSummary(String name, String options, int logLines, int failingLines, int failures,
                            int addresses, int unattributed) {

    /** The folder of a jar that holds its filters' sample logs: {@code FOLDER/ID.log}, {@code FOLDER/ID-VARIANT.log}. */
    public static final String FOLDER = SampleLogs.FOLDER;
}
