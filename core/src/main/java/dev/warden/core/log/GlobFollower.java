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
 * and its last file was drained ({@link FileFollower#gone()}).
 *
 * <p>A path that newly matches but names a file this instance already follows or has followed under
 * another name (the glob {@code maillog*} matching {@code maillog.0} after a rotation) is not followed,
 * so a rotated file is never read twice. That includes a file rotated while nobody followed it: paths
 * with a persisted position are started first, and a file that one of those positions names (and that
 * its follower will find under its new name, see {@link FileFollower}) is not followed again.
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
    private final FileFollower.Settings settings;
    private final Map<Path, FilePosition> resume = new HashMap<>();
    private final Map<Path, FileFollower> followers = new TreeMap<>();
    private final Set<FileIdentity> retired = new HashSet<>();
    private FileFollower.Start start;

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
        Map<Path, FileIdentity> matches = list();
        retired.retainAll(matches.values());
        Set<FileIdentity> held = new HashSet<>();
        for (FileFollower f : followers.values()) {
            f.position().ifPresent(p -> held.add(p.identity()));
        }
        addFollowers(matches, held, true);
        addFollowers(matches, held, false);
        start = FileFollower.Start.BEGINNING;
        for (Iterator<FileFollower> it = followers.values().iterator(); it.hasNext(); ) {
            FileFollower f = it.next();
            Path source = f.path();
            LineHandler h = (buf, s, e, off) -> handler.line(source, buf, s, e, off);
            f.poll(h);
            if (f.gone()) {
                f.finish(h);
                f.position().ifPresent(p -> retired.add(p.identity()));
                f.close();
                it.remove();
            }
        }
    }

    /**
     * Starts a follower for each new match with ({@code resumed}) or without a persisted position, unless
     * its file is held or retired; adds to {@code held} the file each persisted position names, which
     * may now be at another matching path.
     */
    private void addFollowers(Map<Path, FileIdentity> matches, Set<FileIdentity> held, boolean resumed) {
        for (Map.Entry<Path, FileIdentity> m : matches.entrySet()) {
            Path path = m.getKey();
            if (resume.containsKey(path) == resumed && !followers.containsKey(path) && !held.contains(m.getValue())
                    && !retired.contains(m.getValue())) {
                FileFollower f = follower(path);
                followers.put(path, f);
                f.position().map(FilePosition::identity).filter(FileIdentity::known).ifPresent(held::add);
            }
        }
    }

    private FileFollower follower(Path path) {
        FilePosition p = resume.remove(path);
        return p != null ? FileFollower.resume(p, settings) : FileFollower.of(path, start, settings);
    }

    private Map<Path, FileIdentity> list() throws IOException {
        Map<Path, FileIdentity> out = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, glob)) {
            for (Path p : ds) {
                FileIdentity id = OpenFile.identityOrNull(p);
                if (id != null && Files.isRegularFile(p)) {
                    out.put(p, id);
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, no match
        }
        return out;
    }

    /** The paths followed now, in order. */
    public Set<Path> paths() {
        return new TreeSet<>(followers.keySet());
    }

    /** The position of every followed file, for persisting. */
    public List<FilePosition> positions() {
        List<FilePosition> out = new ArrayList<>();
        for (FileFollower f : followers.values()) {
            f.position().ifPresent(out::add);
        }
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
