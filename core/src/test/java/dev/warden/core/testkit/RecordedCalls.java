package dev.warden.core.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a recording script wrote: for each call its argv ({@code $0} first), one argument per line,
 * closed by a line {@code ==} (the scripts do {@code { printf '%s\n' "$0" "$@"; echo '=='; } >> calls}).
 * Used by the tests of programs Warden runs (the command action, its process test, the fake pfctl).
 */
public final class RecordedCalls {

    private RecordedCalls() {
    }

    /** The calls recorded in {@code file}, in order; none when the file does not exist (nothing ran). */
    public static List<List<String>> read(Path file) throws IOException {
        List<List<String>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> current = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.equals("==")) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return out;
    }
}
