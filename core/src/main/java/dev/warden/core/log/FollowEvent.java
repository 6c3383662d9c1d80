package dev.warden.core.log;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a {@link FileFollower} noticed about its file, for the daemon to log: never needed for
 * correctness, only for telling the operator.
 *
 * @param kind what happened
 * @param path the followed path
 * @param identity the file concerned (for {@link Kind#ROTATED} and {@link Kind#RESUMED_ROTATED}: the old one)
 * @param offset where reading starts ({@link Kind#OPENED}, {@link Kind#RESUMED}, {@link Kind#RESUMED_ROTATED}),
 *     or where it was ({@link Kind#ROTATED}: the old file's end; {@link Kind#TRUNCATED},
 *     {@link Kind#RESUME_LOST}: the offset given up); 0 for {@link Kind#MISSING}
 * @param rotatedPath for {@link Kind#RESUMED_ROTATED}, the name the old file was found under (such as
 *     {@code /var/log/maillog.0}); empty for the other kinds. Never null.
 */
public record FollowEvent(Kind kind, Path path, FileIdentity identity, long offset, Optional<Path> rotatedPath) {

    public FollowEvent {
        Objects.requireNonNull(rotatedPath, "rotatedPath");
    }

    /** An event about the file at the followed path itself (no {@link #rotatedPath}). */
    public FollowEvent(Kind kind, Path path, FileIdentity identity, long offset) {
        this(kind, path, identity, offset, Optional.empty());
    }

    /** What happened. */
    public enum Kind {
        /** A file was opened at the path; reading starts at the offset. */
        OPENED,
        /** The persisted position matched the file: reading continues at its offset. */
        RESUMED,
        /**
         * The persisted position's file was rotated away while nobody followed it and was found in the same
         * directory under {@link #rotatedPath}: it is read from the offset to its end, then the file at
         * the path from its start, as for {@link #ROTATED}.
         */
        RESUMED_ROTATED,
        /**
         * The persisted position's file is no longer at the path (another identity, or the same inode
         * with other first bytes, or shorter than the offset) and was not found under another name:
         * lines it had after the offset are not read; the file at the path is read from its start.
         */
        RESUME_LOST,
        /** The path names another file: the old one was read to its end and closed. */
        ROTATED,
        /** The same file became shorter than what was read, or its first bytes changed: read again from its start. */
        TRUNCATED,
        /** The path names no file (reported once until it reappears). */
        MISSING
    }
}
