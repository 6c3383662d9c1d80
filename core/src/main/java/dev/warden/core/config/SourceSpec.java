package dev.warden.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a jail's lines come from when it has a {@code source:} instead of {@code logs:}: a closed set of
 * kinds, each read by core ({@code dev.warden.core.log.ProgramSource}). Immutable.
 */
public sealed interface SourceSpec {

    /** The argument list of the program that produces the lines (never run through a shell). */
    List<String> argv();

    /**
     * {@code {type: command, argv: [PROGRAM, ARG...]}}: the lines a program writes on its standard output.
     *
     * @param argv the program (an absolute path) and its arguments; never empty
     */
    record Command(List<String> argv) implements SourceSpec {
        public Command {
            argv = List.copyOf(argv);
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("empty argv");
            }
        }
    }

    /**
     * {@code {type: journal, unit: NAME | match: [FIELD=VALUE...]}}: the systemd journal, read through
     * {@code journalctl -o json}.
     *
     * @param journalctl the absolute path of journalctl
     * @param unit the unit whose entries are read ({@code journalctl --unit}), if given
     * @param matches journal matches ({@code FIELD=VALUE}, {@code +} for a disjunction), in order
     * @param file a journal file to read instead of the system journal ({@code journalctl --file})
     * @param directory a journal directory to read instead ({@code journalctl --directory})
     */
    record Journal(Path journalctl, Optional<String> unit, List<String> matches, Optional<Path> file,
                   Optional<Path> directory) implements SourceSpec {

        /** Where journalctl is on Debian and most systems. */
        public static final Path DEFAULT_JOURNALCTL = Path.of("/usr/bin/journalctl");

        public Journal {
            Objects.requireNonNull(journalctl, "journalctl");
            Objects.requireNonNull(unit, "unit");
            matches = List.copyOf(matches);
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(directory, "directory");
        }

        /**
         * {@code journalctl [--file=F|--directory=D] -o json --no-pager [--unit=U] [MATCH...]}: the command line
         * before the options that say where to start and whether to follow.
         */
        @Override
        public List<String> argv() {
            List<String> argv = new java.util.ArrayList<>(List.of(journalctl.toString()));
            file.ifPresent(f -> argv.add("--file=" + f));
            directory.ifPresent(d -> argv.add("--directory=" + d));
            argv.addAll(List.of("--output=json", "--no-pager"));
            unit.ifPresent(u -> argv.add("--unit=" + u));
            argv.addAll(matches);
            return argv;
        }
    }
}
