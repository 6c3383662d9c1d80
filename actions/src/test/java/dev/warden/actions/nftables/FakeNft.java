package dev.warden.actions.nftables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code /bin/sh} stand-in for nft (or another program fed on standard input, such as {@code conntrack -R -})
 * in its own directory. Each run appends to {@code calls} its argv
 * ($0 first), one argument per line, a line {@code --stdin--}, its standard input, and a line
 * {@code ==}. With a file {@code hang} it sleeps 30 s first; with a file {@code fail} it prints an error
 * in nft's format on stderr and exits 1 (always when the file is empty, else only when the standard
 * input contains its content). Otherwise it prints nothing and exits 0, as the real one does.
 */
final class FakeNft {

    static final String ERROR = "Error: Could not process rule: No such file or directory";

    private static final String SCRIPT = """
            #!/bin/sh
            dir=$(dirname "$0")
            in=$(cat)
            { printf '%s\\n' "$0" "$@"; echo '--stdin--'; printf '%s\\n' "$in"; echo '=='; } >> "$dir/calls"
            if [ -e "$dir/hang" ]; then sleep 30; fi
            if [ -e "$dir/fail" ]; then
              trigger=$(cat "$dir/fail")
              case "$in" in
                *"$trigger"*) printf '/dev/stdin:1:1-3: %s\\n' "ERROR" >&2; exit 1 ;;
              esac
            fi
            exit 0
            """.replace("ERROR", ERROR);

    /** One recorded run. */
    record Call(List<String> argv, String stdin) {
    }

    private final Path dir;
    private final String name;

    private FakeNft(Path dir, String name) {
        this.dir = dir;
        this.name = name;
    }

    static FakeNft install(Path dir) throws IOException {
        return install(dir, "nft");
    }

    /** The fake as {@code name} in {@code dir} (created when missing). */
    static FakeNft install(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path program = dir.resolve(name);
        Files.writeString(program, SCRIPT);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return new FakeNft(dir, name);
    }

    String path() {
        return dir.resolve(name).toString();
    }

    void failAlways() throws IOException {
        Files.writeString(dir.resolve("fail"), "");
    }

    void failWhenStdinContains(String text) throws IOException {
        Files.writeString(dir.resolve("fail"), text);
    }

    void hang() throws IOException {
        Files.writeString(dir.resolve("hang"), "");
    }

    /** The recorded runs, in order; stdin with its final newline. */
    List<Call> calls() throws IOException {
        Path calls = dir.resolve("calls");
        List<Call> result = new ArrayList<>();
        if (!Files.exists(calls)) {
            return result;
        }
        List<String> argv = new ArrayList<>();
        StringBuilder stdin = null;
        for (String line : Files.readAllLines(calls)) {
            if (line.equals("==")) {
                result.add(new Call(List.copyOf(argv), stdin.toString()));
                argv.clear();
                stdin = null;
            } else if (stdin != null) {
                stdin.append(line).append('\n');
            } else if (line.equals("--stdin--")) {
                stdin = new StringBuilder();
            } else {
                argv.add(line);
            }
        }
        return result;
    }
}
