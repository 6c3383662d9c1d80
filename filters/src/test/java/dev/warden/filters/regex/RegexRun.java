package dev.warden.filters.regex;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterStats;
import dev.warden.core.testkit.FilterRunner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A regex filter built from options through the test kit, fed lines through core's real reader and
 * header parser: {@code RegexRun.of("fail", "from <ADDR>").results(lines...)}.
 */
final class RegexRun {

    private final Filter filter;

    private RegexRun(Map<String, ?> options) {
        this.filter = FilterRunner.create(new RegexFilterFactory(), options);
    }

    /** Options as alternating name, value. */
    static RegexRun of(Object... nameValue) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            options.put((String) nameValue[i], nameValue[i + 1]);
        }
        return new RegexRun(options);
    }

    /** What the filter says about its patterns that matched nothing, after the lines run so far. */
    List<String> explanations() {
        return ((dev.warden.core.spi.FilterStats) filter).explanations();
    }

    /** A syslog line of {@code tag[42]} on host gw. */
    static String syslog(String tag, String message) {
        return "Nov  7 10:00:00 gw " + tag + "[42]: " + message;
    }

    /** Per line, in order: the failure's canonical address, or "none"; several are joined with '+'. */
    List<String> results(String... lines) {
        return results(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Per line of {@code content}, as {@link #results(String...)}. */
    List<String> results(byte[] content) {
        List<String> out = new ArrayList<>();
        for (byte b : content) {
            if (b == '\n') {
                out.add("none");
            }
        }
        for (FilterRunner.Detection d : detections(content)) {
            int k = (int) d.line() - 1;
            out.set(k, out.get(k).equals("none") ? String.valueOf(d.address()) : out.get(k) + "+" + d.address());
        }
        return out;
    }

    /** Everything the filter reported on these lines. */
    List<FilterRunner.Detection> detections(String... lines) {
        return detections(String.join("\n", lines).concat("\n").getBytes(StandardCharsets.UTF_8));
    }

    private List<FilterRunner.Detection> detections(byte[] content) {
        try {
            Path log = Files.createTempFile("regex-filter", ".log");
            try {
                Files.write(log, content);
                return FilterRunner.run(filter, log);
            } finally {
                Files.delete(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one result for one message of program "daemon". */
    String result(String message) {
        return results(syslog("daemon", message)).get(0);
    }

    FilterStats stats() {
        return (FilterStats) filter;
    }
}
