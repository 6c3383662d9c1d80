package dev.warden.core.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds where the file of a persisted {@link FilePosition} went while nobody followed it: a rotation by
 * rename ({@code maillog} → {@code maillog.0}, {@code maillog.1}, {@code maillog-20261127}) keeps the
 * file in the same directory under another name, with its identity. Stateless.
 */
final class RotatedFileFinder {

    /**
     * A rotated file found and opened.
     *
     * @param path the name it has now
     * @param file open, not yet positioned, with the position's fingerprint taken over
     * @param offset where reading continues: the position's offset
     */
    record Found(Path path, OpenFile file, long offset) {
    }

    private RotatedFileFinder() {
    }

    /**
     * Looks in the directory of {@code position.path()} for a regular file, other than that path, with
     * the position's identity that passes {@link ResumeCheck} (same first bytes, at least as long as the
     * offset). A compressed copy ({@code maillog.0.gz}) is another file and never matches. One directory
     * listing and one {@code stat} per entry.
     *
     * @return the file found, or null: none (deleted, compressed, or no directory), or the position has
     *     no known identity to look for
     * @throws IOException if the directory cannot be listed or the file found cannot be read
     */
    static Found find(FilePosition position) throws IOException {
        Path path = position.path().toAbsolutePath();
        Path dir = path.getParent();
        if (dir == null || !position.identity().known()) {
            return null;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path candidate : entries) {
                Found found = candidate.equals(path) ? null : tryOpen(candidate, position);
                if (found != null) {
                    return found;
                }
            }
        } catch (NoSuchFileException e) {
            // no directory, no rotated file
        }
        return null;
    }

    private static Found tryOpen(Path candidate, FilePosition position) throws IOException {
        if (!position.identity().equals(OpenFile.identityOrNull(candidate)) || !Files.isRegularFile(candidate)) {
            return null;
        }
        OpenFile f = OpenFile.open(candidate);
        if (f == null) {
            return null;
        }
        boolean keep = false;
        try {
            long offset = ResumeCheck.offset(position, f);
            keep = offset >= 0;
            return keep ? new Found(candidate, f, offset) : null;
        } finally {
            if (!keep) {
                f.close();
            }
        }
    }
}
