package dev.warden.cli;

import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code warden test-filter} end to end, asserted line by line against the annotated sample log. */
class CliTestFilterIT {

    private static final Path SAMPLE = WardenProcess.root()
            .resolve("filters/src/main/resources/warden-samples/opensmtpd.log");

    /** {@code LINE<TAB>ADDRESS} rows the sample's '# expect: fail' annotations promise. */
    static List<String> expectedTsv(Path sample) throws Exception {
        List<String> lines = Files.readAllLines(sample);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("# expect: fail ")) {
                continue;
            }
            String[] f = l.substring("# expect: fail ".length()).trim().split("\\s+");
            int times = f.length > 1 ? Integer.parseInt(f[1].substring(1)) : 1;
            String addr = IpAddress.parse(f[0]).orElseThrow().toString();
            for (int k = 0; k < times; k++) {
                rows.add((i + 2) + "\t" + addr);
            }
        }
        return rows;
    }

    @Test
    void tsvMatchesTheSampleAnnotationsLineByLine(@TempDir Path dir) throws Exception {
        List<String> expected = expectedTsv(SAMPLE);
        assertThat(expected).hasSizeGreaterThan(10);
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(), "--tsv");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdoutLines()).containsExactlyElementsOf(expected);
    }

    @Test
    void summaryCountsWhatTheFilterFound(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        long lines = Files.readAllLines(SAMPLE).size();
        long fails = expectedTsv(SAMPLE).size();
        long unattributed = Files.readAllLines(SAMPLE).stream().filter(l -> l.startsWith("# expect: unattributed"))
                .count();
        assertThat(r.stdout()).containsPattern("Lines read: +" + lines + " ")
                .containsPattern("Failures: +" + fails + "\n")
                .containsPattern("Unattributed failures: +" + unattributed + "\n")
                .contains("Top offenders:").contains("lines/s");
    }

    @Test
    void unknownFilterAndBadOptionsExit2(@TempDir Path dir) throws Exception {
        WardenProcess.Result r = WardenProcess.run(dir, "test-filter", "nosuch", SAMPLE.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("unknown filter 'nosuch'").contains("opensmtpd");
        WardenProcess.Result o = WardenProcess.run(dir, "test-filter", "opensmtpd", SAMPLE.toString(),
                "--set", "max-sessions=lots");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("max-sessions");
    }
}
