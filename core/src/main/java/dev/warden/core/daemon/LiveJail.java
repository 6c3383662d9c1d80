package dev.warden.core.daemon;

import dev.warden.core.config.JailDefinition;
import dev.warden.core.config.PluginRef;
import dev.warden.core.engine.ActionDispatcher;
import dev.warden.core.engine.BanBook;
import dev.warden.core.engine.BanHistory;
import dev.warden.core.engine.Jail;
import dev.warden.core.engine.JailPolicy;
import dev.warden.core.log.FileFollower;
import dev.warden.core.log.FilePosition;
import dev.warden.core.log.FollowEvent;
import dev.warden.core.log.GlobFollower;
import dev.warden.core.log.MutableLogLine;
import dev.warden.core.log.SyslogHeaderParser;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One running jail: its followed logs, header parser, filter and {@link Jail}. Each {@link #poll} reads
 * every line appended to its logs since the previous poll through the filter into the jail; bans the jail
 * decides go to the listener given at construction. A line the filter chokes on is skipped and counted,
 * never fatal. Confined to the daemon's thread.
 */
final class LiveJail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveJail.class);
    /** Year inference moves on with the clock at least this often. */
    private static final Duration REFERENCE_STEP = Duration.ofMinutes(1);

    private final JailParts parts;
    private final Jail jail;
    private final Filter filter;
    private final List<GlobFollower> followers = new ArrayList<>();
    private final MutableLogLine line = new MutableLogLine();
    private SyslogHeaderParser parser;
    private Path lastSource;
    private long lines;
    private long badLines;
    private long bansDecided;
    private boolean readFailureLogged;

    /**
     * @param positions where each log of this jail got to (from state); a log without one starts at
     *     {@code start} if present at the first poll, from its beginning if it appears later
     */
    LiveJail(JailParts parts, BanHistory history, List<FilePosition> positions, FileFollower.Start start,
             FileFollower.Settings settings, Instant now, Consumer<Ban> onBan) {
        this.parts = parts;
        JailDefinition def = parts.definition();
        this.filter = parts.filter();
        this.jail = new Jail(def.name(), JailPolicy.of(def), def.effectiveIgnore(dev.warden.core.net.OwnAddresses.current())::contains, new BanBook(history), b -> {
            bansDecided++;
            onBan.accept(b);
        });
        this.parser = new SyslogHeaderParser(now, def.timezone());
        FileFollower.Settings logged = settings.withEvents(e -> {
            settings.events().accept(e);
            logEvent(e);
        });
        for (String log : def.logs()) {
            followers.add(new GlobFollower(Path.of(log), start, positions, logged));
        }
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

    JailParts parts() {
        return parts;
    }

    Jail jail() {
        return jail;
    }

    ActionDispatcher actions() {
        return parts.actions();
    }

    /** Tells the operator about rotations, truncations and lost resume positions (opening is routine). */
    private void logEvent(FollowEvent e) {
        switch (e.kind()) {
            case ROTATED -> LOG.info("[{}] {} rotated: old file read to its end ({} bytes)", name(), e.path(),
                    e.offset());
            case TRUNCATED -> LOG.info("[{}] {} truncated: read again from its start", name(), e.path());
            case RESUMED_ROTATED -> LOG.info("[{}] {} was rotated while stopped: reading {} from offset {} first",
                    name(), e.path(), e.rotatedPath().map(Path::toString).orElse("?"), e.offset());
            case RESUME_LOST -> LOG.warn("[{}] {} is not the file last read (replaced, or rotated and"
                    + " compressed): its unread tail is lost; reading the new file from its start", name(), e.path());
            case MISSING -> LOG.info("[{}] {} is missing; waiting for it", name(), e.path());
            default -> LOG.debug("[{}] {} {} at offset {}", name(), e.path(), e.kind(), e.offset());
        }
    }

    /** Reads what was appended to every log since the last poll; {@code now} moves year inference on. */
    void poll(Instant now) {
        if (Duration.between(parser.reference(), now).compareTo(REFERENCE_STEP) >= 0) {
            parser = parser.withReference(now);
        }
        boolean failed = false;
        for (GlobFollower f : followers) {
            try {
                f.poll(this::line);
            } catch (IOException e) {
                failed = true;
                if (!readFailureLogged) {
                    LOG.error("[{}] cannot read its logs: {}", name(), e.toString());
                }
            }
        }
        readFailureLogged = failed;
    }

    private void line(Path source, byte[] buf, int start, int end, long offset) {
        if (source != lastSource) {
            lastSource = source;
            line.sourceName(source.toString());
        }
        lines++;
        line.lineNumber(lines);
        try {
            parser.parse(buf, start, end, line);
            filter.accept(line, jail);
        } catch (RuntimeException e) {
            if (badLines++ < 10) {
                LOG.warn("[{}] skipped a line of {} at offset {} the filter could not handle: {}", name(), source,
                        offset, e.toString());
            }
        }
    }

    /** The position reached in every followed file. */
    List<FilePosition> positions() {
        List<FilePosition> out = new ArrayList<>();
        for (GlobFollower f : followers) {
            out.addAll(f.positions());
        }
        return out;
    }

    /** The files followed now. */
    Set<Path> files() {
        Set<Path> out = new TreeSet<>();
        for (GlobFollower f : followers) {
            out.addAll(f.paths());
        }
        return out;
    }

    long lines() {
        return lines;
    }

    long badLines() {
        return badLines;
    }

    /** Bans decided since the jail started, automatic and manual. */
    long bansDecided() {
        return bansDecided;
    }

    void countManualBan() {
        bansDecided++;
    }

    @Override
    public void close() {
        for (GlobFollower f : followers) {
            try {
                f.close();
            } catch (IOException e) {
                LOG.debug("[{}] closing a log: {}", name(), e.toString());
            }
        }
        followers.clear();
    }
}
