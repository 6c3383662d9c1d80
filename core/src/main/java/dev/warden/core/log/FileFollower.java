package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows one log file by polling, the way {@code tail -F} does on a system without inotify: each
 * {@link #poll} hands out the complete lines appended since the previous one, then returns. No thread,
 * no sleeping, no busy loop: the caller decides when to poll (the daemon: every 250 ms).
 *
 * <p>What each poll does, from what it finds at the path:
 * <ul>
 *   <li><b>the same file</b> (same {@link FileIdentity}): reads what was appended. A partial last line
 *       waits for its newline. If the file became shorter than what was read, or its first bytes
 *       changed (truncated in place and written again before this poll — {@code copytruncate}), the
 *       lines read are kept, a pending partial line is handed out, and the file is read again from its
 *       start ({@link FollowEvent.Kind#TRUNCATED}).</li>
 *   <li><b>another file</b> (rotation by rename, as newsyslog does): the old file is read to its end
 *       through the descriptor still open, so lines its writer adds after the rename are not lost. The
 *       follower switches to the new file, read from its start, once the new file has data after its
 *       first line (the writer moved over) or the old one has not grown for
 *       {@link Settings#rotationGrace()}; before switching it reads the old file to its end once more
 *       and hands out its partial last line. The first line alone is not enough: OpenBSD's newsyslog
 *       starts the new file with its own "logfile turned over" line and only then tells syslogd to
 *       reopen, so syslogd may still be writing to the old file; its first line in the new file proves
 *       it has moved.</li>
 *   <li><b>no file</b> (between rename and create): keeps reading the old file; no exception;
 *       {@link FollowEvent.Kind#MISSING} once. A file that appears is read from its start.</li>
 * </ul>
 *
 * <p>The first file opened starts where the follower was created to start: its beginning, its end
 * (just after the last newline), or a persisted {@link FilePosition}, which is honoured if the file at
 * the path has the same identity, still starts with the fingerprinted bytes, and is at least as long as
 * the offset ({@link FollowEvent.Kind#RESUMED}). If the path names another file, the position's file
 * may have been rotated by rename while nobody followed it: a file in the same directory that passes the
 * same three checks ({@code maillog.0}) is read from the offset, then handled exactly like a rotation
 * seen while following ({@link FollowEvent.Kind#RESUMED_ROTATED}, later {@link FollowEvent.Kind#ROTATED}).
 * Otherwise (the old file was deleted or compressed, or the path's file was truncated in place) the file
 * at the path is read from its start ({@link FollowEvent.Kind#RESUME_LOST}). After two rotations while
 * nobody followed, the file in between ({@code maillog.0} when the old one is {@code maillog.1}) is not
 * read by this follower.
 *
 * <p>Assumes one writer per file besides the rotating program's first line (syslogd and newsyslog): with
 * more, a line written to the old file after the new one got data beyond its first line may be lost. Where the filesystem gives no identity ({@link FileIdentity#UNKNOWN}),
 * a rename is seen only through size and fingerprint. Confined to one thread; not thread-safe.
 */
public final class FileFollower implements AutoCloseable {

    /** Where reading starts in the first file opened when there is no persisted position. */
    public enum Start { BEGINNING, END }

    /**
     * Reads a large backlog of complete lines in one go (a first read, a scan catching up an hour of log)
     * instead of line by line through the {@link LineHandler}: {@code scan} with state and {@code run} so
     * read it on every core, as a stateless scan does. Called on the polling thread.
     */
    @FunctionalInterface
    public interface BulkReader {
        /**
         * Reads {@code in} to its end and hands out every line in it; {@code in} holds only complete lines
         * of {@code source}, from file offset {@code offset}. Must not close {@code in}.
         */
        void read(InputStream in, Path source, long offset) throws IOException;
    }

    /** The backlog from which {@link BulkReader} reads instead of the line handler. */
    static final long BULK_MIN = 8L << 20;

    /**
     * How a follower behaves.
     *
     * @param clock measures the rotation grace (injected; core never reads the system time itself)
     * @param rotationGrace how long after a rename the old file is still read while the new one stays empty
     * @param blockSize read block of the follower's {@link LineReader} (at least its 64 KiB line maximum)
     * @param events receives what the follower notices, on the polling thread
     */
    public record Settings(Clock clock, Duration rotationGrace, int blockSize, Consumer<FollowEvent> events) {

        public Settings {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(rotationGrace, "rotationGrace");
            Objects.requireNonNull(events, "events");
        }

        /** Two seconds of grace, 64 KiB blocks, events ignored. */
        public static Settings defaults(Clock clock) {
            return new Settings(clock, Duration.ofSeconds(2), LineReader.DEFAULT_MAX_LINE, e -> { });
        }

        public Settings withEvents(Consumer<FollowEvent> listener) {
            return new Settings(clock, rotationGrace, blockSize, listener);
        }

        public Settings withRotationGrace(Duration grace) {
            return new Settings(clock, grace, blockSize, events);
        }
    }

    private final Path path;
    private final Settings settings;
    private final LineReader reader;
    private Start start;
    private FilePosition resumeFrom;
    private OpenFile current;
    private boolean rotating;
    private boolean pathMissing;
    private long lastGrowthMillis;
    /** The bulk reader of the poll in progress, or null. */
    private BulkReader bulk;

    private FileFollower(Path path, Start start, FilePosition resumeFrom, Settings settings) {
        this.path = Objects.requireNonNull(path, "path");
        this.start = start;
        this.resumeFrom = resumeFrom;
        this.settings = settings;
        this.reader = new LineReader(settings.blockSize(), LineReader.DEFAULT_MAX_LINE);
    }

    /** Follows {@code path}, reading its first file from {@code start}. Opens nothing until the first poll. */
    public static FileFollower of(Path path, Start start, Settings settings) {
        return new FileFollower(path, start, null, settings);
    }

    /**
     * Follows {@code position.path()}, continuing at {@code position} in the file it names, whether that
     * file is still at the path or was rotated to another name in the same directory (see the class comment).
     */
    public static FileFollower resume(FilePosition position, Settings settings) {
        return new FileFollower(position.path(), Start.BEGINNING, position, settings);
    }

    /** The followed path. */
    public Path path() {
        return path;
    }

    /**
     * Hands {@code handler} every complete line added since the previous poll, in file order, each once
     * (offsets are those of the file the line is in), then returns.
     *
     * @throws IOException when the file cannot be read (not when it is missing)
     */
    public void poll(LineHandler handler) throws IOException {
        poll(handler, null);
    }

    /**
     * As {@link #poll(LineHandler)}, but a backlog of at least {@link #BULK_MIN} bytes of complete lines
     * goes to {@code bulk} (null: none), in order with the lines handed to {@code handler}.
     */
    public void poll(LineHandler handler, BulkReader bulk) throws IOException {
        this.bulk = bulk;
        try {
            pollNow(handler);
        } finally {
            this.bulk = null;
        }
    }

    private void pollNow(LineHandler handler) throws IOException {
        FileIdentity seen = OpenFile.identityOrNull(path);
        noteMissing(seen == null);
        if (current == null) {
            if (seen == null) {
                start = Start.BEGINNING;   // a file that appears later is read from its start
            } else if (resumeRotated(seen)) {
                drainRotated(true, handler);
            } else {
                openAndRead(handler);
            }
        } else if (seen != null && seen.equals(current.identity)) {
            rotating = false;
            readSameFile(handler);
        } else {
            drainRotated(seen != null, handler);
        }
    }

    private void readSameFile(LineHandler handler) throws IOException {
        long size = current.size();
        long consumed = current.readPosition();
        if (size < consumed || (size != current.lastSize && !current.prefixMatches())) {
            reader.finish(handler);
            emit(FollowEvent.Kind.TRUNCATED, current.identity, consumed);
            current.restart();
            reader.reset(0);
        }
        read(handler);
    }

    private void drainRotated(boolean newFileThere, LineHandler handler) throws IOException {
        long now = settings.clock().millis();
        if (!rotating) {
            rotating = true;
            lastGrowthMillis = now;
        }
        if (read(handler) > 0) {
            lastGrowthMillis = now;
        }
        boolean quiet = now - lastGrowthMillis >= settings.rotationGrace().toMillis();
        if (newFileThere && (quiet || dataAfterFirstLine())) {
            closeCurrent(handler);
            openAndRead(handler);
        }
    }

    /** Reads the open file to its end and closes it, handing out its partial last line. */
    private void closeCurrent(LineHandler handler) throws IOException {
        read(handler);
        reader.finish(handler);
        emit(FollowEvent.Kind.ROTATED, current.identity, reader.position());
        current.close();
        current = null;
        rotating = false;
    }

    /**
     * When the path names a file other than the persisted position's, looks for that file under another
     * name and, if found, opens it at the position's offset as the current file: the caller then drains
     * it as a rotation. Returns whether it was found.
     */
    private boolean resumeRotated(FileIdentity seen) throws IOException {
        if (resumeFrom == null || !seen.known() || seen.equals(resumeFrom.identity())) {
            return false;
        }
        RotatedFileFinder.Found old = RotatedFileFinder.find(resumeFrom);
        if (old == null) {
            return false;
        }
        old.file().seek(old.offset());
        reader.reset(old.offset());
        current = old.file();
        resumeFrom = null;
        settings.events().accept(new FollowEvent(FollowEvent.Kind.RESUMED_ROTATED, path, current.identity,
                old.offset(), Optional.of(old.path())));
        return true;
    }

    private void openAndRead(LineHandler handler) throws IOException {
        OpenFile f = OpenFile.open(path);
        if (f == null) {
            return;
        }
        long offset = firstOffset(f);
        f.seek(offset);
        reader.reset(offset);
        current = f;
        start = Start.BEGINNING;
        resumeFrom = null;
        read(handler);
    }

    private long firstOffset(OpenFile f) throws IOException {
        if (resumeFrom != null) {
            long offset = ResumeCheck.offset(resumeFrom, f);
            emit(offset >= 0 ? FollowEvent.Kind.RESUMED : FollowEvent.Kind.RESUME_LOST, resumeFrom.identity(),
                    resumeFrom.offset());
            if (offset >= 0) {
                return offset;
            }
        }
        long offset = start == Start.END ? f.lastLineEnd(reader.maxLine() + 1) : 0;
        emit(FollowEvent.Kind.OPENED, f.identity, offset);
        return offset;
    }

    /** Reads the open file to its end; returns the bytes read. */
    private long read(LineHandler handler) throws IOException {
        long n = bulk == null ? 0 : readBulk();
        n += reader.readAvailable(current.in, handler);
        long size = current.size();
        current.lastSize = size;
        current.extendFingerprint(size);
        return n;
    }

    /**
     * Hands the complete lines between the read position and the file's last newline to {@link #bulk}
     * when they are at least {@link #BULK_MIN} bytes and no partial line is pending; returns the bytes.
     * A reader that fails leaves the position where it was (its lines may then be read again).
     */
    private long readBulk() throws IOException {
        if (reader.pending() != 0 || reader.skipping()) {
            return 0;
        }
        long from = current.readPosition();
        long size = current.size();
        if (size - from < BULK_MIN) {
            return 0;
        }
        long end = current.lastNewlineEnd(from, size, reader.maxLine() + 1);
        if (end - from < BULK_MIN) {
            return 0;
        }
        try {
            bulk.read(new Bounded(current.in, end - from), path, from);
        } catch (IOException | RuntimeException e) {
            current.seek(from);
            throw e;
        }
        current.seek(end);
        reader.reset(end);
        return end - from;
    }

    /** The next {@code left} bytes of a stream, not closing it. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long left) {
            this.in = in;
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /**
     * Whether the file at the path holds anything after its first line (any byte when no newline shows
     * within a maximum line's length). Called only while a rotation is pending.
     */
    private boolean dataAfterFirstLine() throws IOException {
        byte[] head = new byte[LineReader.DEFAULT_MAX_LINE + 1];
        int n = 0;
        try (java.io.InputStream in = Files.newInputStream(path)) {
            for (int r; n < head.length && (r = in.read(head, n, head.length - n)) > 0; ) {
                n += r;
            }
        } catch (NoSuchFileException e) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == '\n') {
                return n > i + 1;
            }
        }
        return n > 0 && n == head.length;
    }

    private void noteMissing(boolean missing) {
        if (missing && !pathMissing) {
            emit(FollowEvent.Kind.MISSING, FileIdentity.UNKNOWN, 0);
        }
        pathMissing = missing;
    }

    private void emit(FollowEvent.Kind kind, FileIdentity identity, long offset) {
        settings.events().accept(new FollowEvent(kind, path, identity, offset));
    }

    /**
     * Where following got to: the open file and the offset just after the last complete line handed
     * out; before any file was opened, the position given to {@link #resume}; empty if neither.
     */
    public Optional<FilePosition> position() {
        if (current == null) {
            return Optional.ofNullable(resumeFrom);
        }
        return Optional.of(new FilePosition(path, current.identity, reader.position(), current.fingerprint,
                current.fingerprintLength));
    }

    /**
     * Whether the last poll found no file at the path and nothing left to read: no file open, or the
     * old one has not grown for the rotation grace. A {@link GlobFollower} drops such a follower.
     */
    public boolean gone() {
        return pathMissing && (current == null
                || settings.clock().millis() - lastGrowthMillis >= settings.rotationGrace().toMillis());
    }

    /** Hands out the open file's partial last line, if any, as the final line of that file. */
    public void finish(LineHandler handler) {
        reader.finish(handler);
    }

    /**
     * Reads the open file to its end, hands out its partial last line and closes it, without opening what
     * the path names now; before any file was opened, does so for the persisted position's file if it is
     * now under another name. For a {@link GlobFollower} whose path was taken over by a file it reads
     * under another name.
     */
    void drainAndClose(LineHandler handler, BulkReader bulk) throws IOException {
        this.bulk = bulk;
        try {
            drainAndClose(handler);
        } finally {
            this.bulk = null;
        }
    }

    void drainAndClose(LineHandler handler) throws IOException {
        FileIdentity seen = OpenFile.identityOrNull(path);
        if (current == null && seen != null) {
            resumeRotated(seen);
        }
        if (current != null) {
            closeCurrent(handler);
        }
    }

    /** Lines dropped for exceeding the maximum line length so far. */
    public long overlongLines() {
        return reader.overlongLines();
    }

    /** Closes the open file, if any; lines not yet read stay unread. */
    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
