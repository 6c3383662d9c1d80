package dev.warden.core.config;

import dev.warden.core.net.Cidr;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads ignore files: one address or CIDR range per line; {@code #} starts a comment (whole-line or
 * trailing); blank lines and surrounding whitespace are ignored. Here rather than in {@code core.net} because
 * its bad lines are {@link ConfigIssue}s: {@code core.net} holds the address types and does not depend on
 * the configuration ({@code NetDoesNotImportConfigTest}).
 */
final class IgnoreFiles {

    /** The largest ignore file read (a million ranges are about 20 MB); a larger one is refused. */
    static final long MAX_BYTES = 32L << 20;

    private IgnoreFiles() {
    }

    /**
     * Reads {@code file}. Each line that is not an address or range becomes an error at the file's path and
     * 1-based line (with an empty YAML path), and the other lines still count.
     *
     * @return the ranges in file order, always present, with one issue per bad line
     * @throws IOException when the file cannot be read at all (missing, a directory, no permission, not UTF-8,
     *     larger than {@link #MAX_BYTES})
     */
    static ConfigResult<List<Cidr>> read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        List<Cidr> ranges = new ArrayList<>();
        List<ConfigIssue> issues = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                int hash = line.indexOf('#');
                String text = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (text.isEmpty()) {
                    continue;
                }
                Optional<Cidr> range = Cidr.parse(text);
                if (range.isPresent()) {
                    ranges.add(range.get());
                } else {
                    issues.add(ConfigIssue.error(file.toString(), lineNumber, "",
                            "not an address or CIDR range: \"" + text + "\""));
                }
            }
        }
        return ConfigResult.of(List.copyOf(ranges), issues);
    }
}
