package dev.warden.core.daemon;

import dev.warden.core.config.JailDefinition;
import dev.warden.core.config.SourceSpec;
import dev.warden.core.engine.LogPaths;
import dev.warden.core.log.FileFollower;
import dev.warden.core.log.FilePosition;
import dev.warden.core.log.FollowSource;
import dev.warden.core.log.LogSource;
import dev.warden.core.log.ProgramSource;
import dev.warden.core.log.WholeFileSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * How a run reads each jail's logs, the one thing the modes choose differently: whole files once
 * ({@code scan --no-state}) or followed from saved positions ({@code scan} with state, {@code run}). A jail
 * with a {@code source} runs its program once to its end in a scan, and keeps it running in {@code run}.
 * Everything after the source (filter, jail, ban decision, actions) is the same {@link Engine}.
 */
public sealed interface JailSources {

    /**
     * Opens the source of {@code def} at {@code now}, resuming where it can: files from {@code positions}, a
     * journal after {@code cursor}. A jail that follows files never takes up the cursor, and a journal never
     * a file position.
     *
     * @param positions the jail's saved file positions, never null
     * @param cursor the jail's saved journal cursor, or null
     */
    LogSource open(JailDefinition def, List<FilePosition> positions, String cursor, Instant now);

    /** Whether this source resumes from and reports positions (a stateful run). */
    boolean resumable();

    /** The jail's logs (globs expanded now), or {@code files} when not empty, read from start to end once. */
    static JailSources wholeFiles(List<Path> files) {
        return new WholeFiles(List.copyOf(files));
    }

    /**
     * The jail's logs followed through rotation, as the daemon follows them; files without a position
     * start at {@code start}. A backlog is read line by line on the engine's thread (see {@link #catchUp}).
     */
    static JailSources follow(FileFollower.Start start, FileFollower.Settings settings) {
        return new Follow(start, settings, false);
    }

    /**
     * As {@link #follow} from the beginning of files never seen, for one round that catches up ({@code scan}
     * with state): a large backlog is read, split and parsed on every core, as a stateless scan reads.
     */
    static JailSources catchUp(FileFollower.Settings settings) {
        return new Follow(FileFollower.Start.BEGINNING, settings, true);
    }

    /**
     * The jail's {@code source}: its program kept running ({@code follow}: {@code run}) or run once to its end
     * ({@code scan}); a journal goes on after {@code cursor} (null: none), else from its start, or with
     * {@link FileFollower.Start#END} only new entries.
     */
    private static LogSource program(JailDefinition def, String cursor, boolean follow, FileFollower.Start start,
                                     Instant now) {
        SourceSpec spec = def.source().orElseThrow();
        if (spec instanceof SourceSpec.Journal j) {
            Path shown = j.file().or(j::directory).orElse(j.journalctl());
            return ProgramSource.journal(def.name(), j.argv(), shown, cursor, follow,
                    start == FileFollower.Start.END, def.timezone(), now);
        }
        return ProgramSource.command(def.name(), spec.argv(), follow, def.timezone(), def.timeFormat().orElse(null),
                now);
    }

    /** See {@link #wholeFiles}. */
    record WholeFiles(List<Path> files) implements JailSources {
        @Override
        public LogSource open(JailDefinition def, List<FilePosition> positions, String cursor, Instant now) {
            if (files.isEmpty() && def.source().isPresent()) {
                return program(def, null, false, FileFollower.Start.BEGINNING, now);
            }
            List<Path> paths = files.isEmpty() ? LogPaths.expand(def.logs()) : files;
            return new WholeFileSource(paths, def.timezone(), def.timeFormat().orElse(null), now);
        }

        @Override
        public boolean resumable() {
            return false;
        }
    }

    /** See {@link #follow} and {@link #catchUp}. */
    record Follow(FileFollower.Start start, FileFollower.Settings settings, boolean bulk) implements JailSources {
        @Override
        public LogSource open(JailDefinition def, List<FilePosition> positions, String cursor, Instant now) {
            if (def.source().isPresent()) {
                return program(def, cursor, !bulk, start, now);
            }
            return new FollowSource(def.name(), def.logs(), positions, start, settings, def.timezone(),
                    def.timeFormat().orElse(null), now, bulk);
        }

        @Override
        public boolean resumable() {
            return true;
        }
    }
}
