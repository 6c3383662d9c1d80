package dev.warden.core.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Follows every file whose name matches a glob in one directory ({@code /var/log/mail*.log}), now and
 * later: each poll lists the directory, starts a {@link FileFollower} for a path that newly matches
 * (read from its start, except files there at the first poll, which start as asked or at their
 * persisted position), polls each follower in path order, and drops a follower once its path is gone
 * and its last file was drained ({@link FileFollower#gone()}). Compressed rotations ({@code .gz},
 * {@code .bz2}, {@code .xz}, {@code .zst}) are never followed.
 *
 * <p>A path that newly matches but names a file this instance already follows or has followed under
 * another name (the glob {@code maillog*} matching {@code maillog.0} after a rotation) is not followed,
 * so a rotated file is never read twice. That includes a file rotated while nobody followed it: paths
 * with a persisted position are started first, and a file that one of those positions names (and that
 * its follower will find under its new name, see {@link FileFollower}) is not followed again. When a
 * followed path is taken over by such a file (rotated files shifting: {@code maillog.0} renamed to
 * {@code maillog.1}, then {@code maillog} to {@code maillog.0}), its follower reads its own file to the
 * end and is dropped instead of reading that file again.
 *
 * <p>Only the last path element may contain glob characters. Confined to one thread.
 */
public final class GlobFollower implements AutoCloseable {

    /** Receives lines with the path they were read from; the range is valid only during the call. */
    @FunctionalInterface
    public interface SourceLineHandler {
        void line(Path source, byte[] buf, int start, int end, long offset);
    }

    private final Path directory;
    private final String glob;
    /** The one path a pattern without glob characters names; null for a glob. */
    private final Path plain;
    private final FileFollower.Settings settings;
    private final Map<Path, FilePosition> resume = new TreeMap<>();
    private final Map<Path, FileFollower> followers = new TreeMap<>();
    private final Set<FileIdentity> retired = new HashSet<>();
    private FileFollower.Start start;
    private long overlongDropped;

    /**
     * @param pattern a path whose last element is a glob, e.g. {@code /var/log/mail*.log}
     * @param start where files present at the first poll start, unless a position is given for them
     * @param positions persisted positions (by path); never null
     */
    public GlobFollower(Path pattern, FileFollower.Start start, List<FilePosition> positions,
            FileFollower.Settings settings) {
        Path parent = pattern.toAbsolutePath().getParent();
        this.directory = parent == null ? pattern.toAbsolutePath().getRoot() : parent;
        this.glob = pattern.getFileName().toString();
        this.plain = isGlob(glob) ? null : directory.resolve(glob);
        this.start = start;
        for (FilePosition p : positions) {
            resume.put(p.path().toAbsolutePath(), p);
        }
        this.settings = settings.withEvents(e -> {
            if (e.kind() == FollowEvent.Kind.ROTATED || e.kind() == FollowEvent.Kind.RESUMED_ROTATED) {
                retired.add(e.identity());
            }
            settings.events().accept(e);
        });
    }

    /** Discovers new matches, then polls every follower; see {@link FileFollower#poll}. */
    public void poll(SourceLineHandler handler) throws IOException {
        poll(handler, null);
    }

    /** As {@link #poll(SourceLineHandler)}, large backlogs going to {@code bulk} (null: none). */
    public void poll(SourceLineHandler handler, FileFollower.BulkReader bulk) throws IOException {
        Map<Path, FileIdentity> matches = list();
        retired.retainAll(matches.values());
        Map<FileIdentity, Path> held = new HashMap<>();
        followers.forEach((path, f) -> f.position().ifPresent(p -> held.put(p.identity(), path)));
        addFollowers(matches, held, true);
        addFollowers(matches, held, false);
        start = FileFollower.Start.BEGINNING;
        for (Iterator<Map.Entry<Path, FileFollower>> it = followers.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Path, FileFollower> entry = it.next();
            Path source = entry.getKey();
            FileFollower f = entry.getValue();
            LineHandler h = (buf, s, e, off) -> handler.line(source, buf, s, e, off);
            FileFollower.BulkReader b = bulk == null ? null : (in, p, off) -> bulk.read(in, source, off);
            boolean takenOver = takenOver(source, f, matches.get(source), held);
            if (takenOver) {
                f.drainAndClose(h, b);
            } else {
                f.poll(h, b);
            }
            if (takenOver || f.gone()) {
                f.finish(h);
                f.position().ifPresent(p -> retired.add(p.identity()));
                overlongDropped += f.overlongLines();
                f.close();
                it.remove();
            }
        }
    }

    /**
     * Starts a follower for each new match with ({@code resumed}) or without a persisted position, unless
     * the file it would read first (the position's, which may now be at another matching path, or the
     * one at the path) is held or retired; records that file in {@code held}.
     */
    private void addFollowers(Map<Path, FileIdentity> matches, Map<FileIdentity, Path> held, boolean resumed) {
        for (Map.Entry<Path, FileIdentity> m : matches.entrySet()) {
            Path path = m.getKey();
            FilePosition p = resume.get(path);
            FileIdentity first = p != null ? p.identity() : m.getValue();
            if ((p != null) == resumed && !followers.containsKey(path) && !held.containsKey(first)
                    && !retired.contains(first)) {
                followers.put(path, follower(path));
                if (first.known()) {
                    held.put(first, path);
                }
            }
        }
    }

    /**
     * Whether the file at {@code path} ({@code now}) is not the follower's own but one followed under
     * another name or already drained there, as when rotated files shift ({@code maillog.0} becomes
     * {@code maillog.1}, {@code maillog} becomes {@code maillog.0}): the follower must then finish its own
     * file and not read that one.
     */
    private boolean takenOver(Path path, FileFollower f, FileIdentity now, Map<FileIdentity, Path> held) {
        if (now == null || !now.known() || f.position().map(p -> p.identity().equals(now)).orElse(false)) {
            return false;
        }
        Path holder = held.get(now);
        return retired.contains(now) || (holder != null && !holder.equals(path));
    }

    private FileFollower follower(Path path) {
        FilePosition p = resume.remove(path);
        return p != null ? FileFollower.resume(p, settings) : FileFollower.of(path, start, settings);
    }

    /**
     * The matching regular files now, with their identities. A name without glob characters can match only
     * itself, so it is looked up, not listed: the daemon polls every log four times a second, and reading
     * a busy {@code /var/log} each time was most of an idle daemon's CPU (docs/performance.md, issue 17).
     */
    private Map<Path, FileIdentity> list() throws IOException {
        Map<Path, FileIdentity> out = new TreeMap<>();
        if (plain != null) {
            add(plain, out);
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, glob)) {
            for (Path p : ds) {
                add(p, out);
            }
        } catch (NoSuchFileException e) {
            // no directory, no match
        }
        return out;
    }

    private static void add(Path p, Map<Path, FileIdentity> out) throws IOException {
        FileIdentity id = OpenFile.identityOrNull(p);
        if (id != null && !compressed(p) && Files.isRegularFile(p)) {
            out.put(p, id);
        }
    }

    /** Whether {@code name} holds a character that {@link java.nio.file.FileSystem#getPathMatcher} globs give a meaning. */
    static boolean isGlob(String name) {
        for (int i = 0; i < name.length(); i++) {
            switch (name.charAt(i)) {
                case '*', '?', '[', ']', '{', '}', '\\' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    /**
     * Whether {@code p} is a compressed rotation ({@code maillog.0.gz}): never followed. It is the
     * compressed copy of a file already read under its uncompressed name (newsyslog renames, then
     * compresses), and its bytes are not lines. {@code scan --no-state} reads such files decompressed.
     */
    static boolean compressed(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".gz") || n.endsWith(".bz2") || n.endsWith(".xz") || n.endsWith(".zst");
    }

    /** The paths followed now, in order. */
    public Set<Path> paths() {
        return new TreeSet<>(followers.keySet());
    }

    /** Lines dropped for exceeding the maximum line length, in every file followed so far. */
    public long overlongLines() {
        long n = overlongDropped;
        for (FileFollower f : followers.values()) {
            n += f.overlongLines();
        }
        return n;
    }

    /**
     * The position of every followed file, for persisting, and the persisted positions not taken up yet:
     * before the first poll, or while their path is missing (between newsyslog's rename and create), they
     * are still where reading must go on. Without them, a state saved then (the daemon saves one as soon
     * as it has started its jails) and followed by a crash made the next start take the file for a new
     * one: read again from its start, and the rotated file's tail never read.
     */
    public List<FilePosition> positions() {
        List<FilePosition> out = new ArrayList<>();
        for (FileFollower f : followers.values()) {
            f.position().ifPresent(out::add);
        }
        out.addAll(resume.values());
        return out;
    }

    @Override
    public void close() throws IOException {
        for (FileFollower f : followers.values()) {
            f.close();
        }
        followers.clear();
    }
}
