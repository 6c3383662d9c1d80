package dev.warden.core.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a jail's {@code logs} entries: a plain path is itself; a glob ({@code *}, {@code ?}, {@code [})
 * in the last component matches files in its directory, oldest first (by modification time, then
 * name), so rotated files are read before their successors.
 */
public final class LogPaths {

    private LogPaths() {
    }

    /** Whether the entry is a glob pattern. */
    public static boolean isGlob(String entry) {
        return entry.indexOf('*') >= 0 || entry.indexOf('?') >= 0 || entry.indexOf('[') >= 0;
    }

    /** The files the entries name now, each once, plain paths in order and glob matches oldest first. */
    public static List<Path> expand(List<String> entries) {
        List<Path> out = new ArrayList<>();
        for (String e : entries) {
            if (!isGlob(e)) {
                add(out, Path.of(e));
                continue;
            }
            Path p = Path.of(e);
            Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + p.getFileName());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(f -> m.matches(f.getFileName()) && Files.isRegularFile(f))
                        .sorted(Comparator.comparing(LogPaths::mtime).thenComparing(Path::toString))
                        .forEach(f -> add(out, f));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    private static void add(List<Path> out, Path p) {
        if (!out.contains(p)) {
            out.add(p);
        }
    }

    private static FileTime mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
