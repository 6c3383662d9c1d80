package dev.warden.filters;

import dev.warden.core.plugin.SampleLogSummary;
import dev.warden.core.plugin.SampleLogs;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.testkit.AnnotatedSampleLog;
import dev.warden.core.testkit.FilterRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code warden plugins --describe} counts a built-in's sample logs from their annotations without running
 * the filter ({@link SampleLogs}); the counts must be what the filter really reports on them, since
 * {@link BuiltinSampleLogsTest} checks every line against its annotation.
 */
class SampleSummaryTest {

    @Test
    void theSummaryOfEverySampleIsWhatTheFilterReports() throws Exception {
        for (FilterFactory f : BuiltinSampleLogsTest.builtins()) {
            List<Path> files = BuiltinSampleLogsTest.samplesOf(f.id());
            List<SampleLogSummary> summaries = SampleLogs.of(f, f.id());
            assertThat(summaries).extracting(SampleLogSummary::name)
                    .containsExactlyElementsOf(files.stream().map(p -> p.getFileName().toString()).toList());
            for (int i = 0; i < files.size(); i++) {
                SampleLogSummary s = summaries.get(i);
                List<FilterRunner.Detection> found = FilterRunner.run(f, AnnotatedSampleLog.headerOptions(files.get(i)),
                        files.get(i));
                List<FilterRunner.Detection> attributed = found.stream().filter(d -> d.address() != null).toList();
                assertThat(s.failures()).as(s.name()).isEqualTo(attributed.size()).isPositive();
                assertThat(s.unattributed()).as(s.name()).isEqualTo(found.size() - attributed.size());
                assertThat(s.addresses()).as(s.name())
                        .isEqualTo(attributed.stream().map(FilterRunner.Detection::address).distinct().count());
                assertThat(s.failingLines()).as(s.name())
                        .isEqualTo(attributed.stream().map(FilterRunner.Detection::line).distinct().count());
                assertThat(s.unreadable()).as(s.name()).isZero();
                assertThat(s.options().isEmpty()).as(s.name())
                        .isEqualTo(AnnotatedSampleLog.headerOptions(files.get(i)).isEmpty());
            }
        }
    }
}
