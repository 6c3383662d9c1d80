package dev.warden.actions.pf;

import dev.warden.core.testkit.RecordedCalls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A {@code /bin/sh} stand-in for pfctl in its own directory. Each invocation appends its argv ($0 first)
 * to {@code calls}, one argument per line, then a line {@code ==}. With a file {@code hang} it sleeps
 * 30 s first; with a file {@code fail} it prints an error on stderr and exits 1 (always when the file is
 * empty, else only when an argument equals its content). Otherwise it prints pfctl's
 * "N/N addresses added." (or deleted; for {@code -k}, "killed N states ...") on stderr and exits 0, as the
 * real one does.
 */
final class FakePfctl {

    static final String ERROR = "pfctl: Table does not exist.";

    private static final String SCRIPT = """
            #!/bin/sh
            dir=$(dirname "$0")
            { printf '%s\\n' "$0" "$@"; echo '=='; } >> "$dir/calls"
            if [ -e "$dir/hang" ]; then sleep 30; fi
            if [ -e "$dir/fail" ]; then
              trigger=$(cat "$dir/fail")
              for a in "$@"; do
                if [ -z "$trigger" ] || [ "$a" = "$trigger" ]; then
                  printf '  %s\\n\\n' "ERROR" >&2
                  exit 1
                fi
              done
            fi
            if [ "$1" = -k ]; then echo "killed 2 states from 1 sources and 0 destinations" >&2; exit 0; fi
            n=$(($# - 4))
            case "$4" in add) done=added ;; *) done=deleted ;; esac
            echo "$n/$n addresses $done." >&2
            """.replace("ERROR", ERROR);

    private final Path dir;

    private FakePfctl(Path dir) {
        this.dir = dir;
    }

    static FakePfctl install(Path dir) throws IOException {
        Path program = dir.resolve("pfctl");
        Files.writeString(program, SCRIPT);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return new FakePfctl(dir);
    }

    String path() {
        return dir.resolve("pfctl").toString();
    }

    void failAlways() throws IOException {
        Files.writeString(dir.resolve("fail"), "");
    }

    void failWhenGiven(String argument) throws IOException {
        Files.writeString(dir.resolve("fail"), argument);
    }

    void hang() throws IOException {
        Files.writeString(dir.resolve("hang"), "");
    }

    /** The recorded invocations, each its full argv. */
    List<List<String>> calls() throws IOException {
        return RecordedCalls.read(dir.resolve("calls"));
    }
}
