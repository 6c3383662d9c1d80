package dev.warden.core.daemon;

import dev.warden.core.config.PluginRef;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.engine.BanHistory;
import dev.warden.core.engine.Jail;
import dev.warden.core.metrics.JailCounts;
import dev.warden.core.log.FilePosition;
import dev.warden.core.log.LogSource;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.Filter;
import dev.warden.core.spi.LogLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One running jail, in every mode: its {@link LogSource}, filter and {@link Jail}. Each {@link #poll}
 * reads what its source has now through the filter into the jail; bans the jail decides go to the
 * listener given at construction. A line the filter throws on is skipped and counted, never fatal; a
 * source that cannot be read is logged (once until it reads again) and counted. Confined to the engine's
 * thread.
 */
final class LiveJail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveJail.class);

    private final JailParts parts;
    private final Jail jail;
    private final Filter filter;
    private final LogSource source;
    private long badLines;
    private long bansDecided;
    private long unbans;
    private long readFailures;
    private boolean readFailureLogged;

    LiveJail(JailParts parts, BanHistory history, LogSource source, Consumer<Ban> onBan) {
        this.parts = parts;
        this.filter = parts.filter();
        this.source = source;
        this.jail = Jail.of(parts.definition(), history, b -> {
            bansDecided++;
            onBan.accept(b);
        });
    }

    String name() {
        return parts.name();
    }

    /**
     * Whether this jail and {@code other} have an action with the same settings (one pf table): lifting an
     * address through one would lift it for the other too.
     */
    boolean sharesActionWith(LiveJail other) {
        for (PluginRef mine : parts.definition().actions()) {
            for (PluginRef theirs : other.parts.definition().actions()) {
                if (mine.sameSettings(theirs)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether one of this jail's actions has the same settings as one of {@code refs} (one pf table). */
    boolean sharesActionWith(java.util.List<PluginRef> refs) {
        for (PluginRef mine : parts.definition().actions()) {
            for (PluginRef theirs : refs) {
                if (mine.sameSettings(theirs)) {
                    return true;
                }
            }
        }
        return false;
    }

    JailParts parts() {
        return parts;
    }

    Jail jail() {
        return jail;
    }

    ActionDispatcher actions() {
        return parts.actions();
    }

    /** "PATH: permission denied" rather than NIO's bare path for the common file-system failures. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            String why = fs.getReason() != null ? fs.getReason()
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e.getClass().getSimpleName();
            return fs.getFile() + ": " + why;
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Reads what the source has now; {@code now} is the clock's instant (year inference). */
    void poll(Instant now) {
        try {
            source.read(now, this::line);
            if (readFailureLogged) {
                LOG.info("[{}] reading its logs again", name());
            }
            readFailureLogged = false;
        } catch (IOException e) {
            readFailures++;
            if (!readFailureLogged) {
                LOG.error("[{}] cannot read its logs: {} (reported once until they can be read)", name(), describe(e));
            }
            readFailureLogged = true;
        }
    }

    /**
     * One line through the filter into the jail. A named method rather than a lambda so that profiles and
     * JIT directives can name it (docs/performance.md).
     */
    private void line(LogLine line) {
        try {
            filter.accept(line, jail);
        } catch (RuntimeException e) {
            // Filters must not throw (Filter#accept); one that does loses its line, not the jail.
            if (badLines++ < 10) {
                LOG.warn("[{}] skipped line {} of {} the filter could not handle: {}", name(), line.lineNumber(),
                        line.sourceName(), e.toString());
            }
        }
    }

    /** The position reached in every file of the source. */
    List<FilePosition> positions() {
        return source.positions();
    }

    /** The journal cursor the source reached, or null (see {@link LogSource#cursor()}). */
    String cursor() {
        return source.cursor();
    }

    /** The files read now. */
    Set<Path> files() {
        return source.files();
    }

    LogSource source() {
        return source;
    }

    long lines() {
        return source.lines();
    }

    long badLines() {
        return badLines;
    }

    /** Reads of the source that failed (each logged, the first of a run of failures at error level). */
    long readFailures() {
        return readFailures;
    }

    /** Bans decided since the jail started, automatic and manual. */
    long bansDecided() {
        return bansDecided;
    }

    void countManualBan() {
        bansDecided++;
    }

    /** Notes that {@code n} bans were lifted through the actions. */
    void countUnbans(int n) {
        unbans += n;
    }

    /** What this jail has counted since it started, for the metrics. */
    JailCounts counts(Instant now) {
        return new JailCounts(name(), source.lines(), source.continuationLines(), source.unreadableTimeLines(),
                source.overlongLines(), badLines,
                jail.failuresByKind(), jail.ignoredFailures(), jail.unattributed(), bansDecided, unbans,
                jail.book().notEndedAt(now).size(), jail.tracked(), actions().failuresByType(), readFailures);
    }

    @Override
    public void close() {
        source.close();
    }
}
