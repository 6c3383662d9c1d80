package dev.warden.core.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's state directory ({@code /var/db/warden} by default): {@code state} (the current
 * generation, see {@link StateFormat} for the text), {@code state.1} (the generation before it),
 * {@code state.tmp} (a save in progress), {@code journal} (the bans applied since {@code state} was
 * written, see {@link BanJournal}) and {@code lock}.
 *
 * <p><b>Crash guarantee.</b> {@link #save} writes {@code state.tmp}, forces it to disk, keeps the current
 * file as {@code state.1} (a hard link, or a rename where links are not supported), renames
 * {@code state.tmp} over {@code state} atomically and forces the directory. If the process dies at any
 * instant ({@code kill -9}), {@link #load} afterwards returns either the state of the last
 * {@code save} that returned or the one being saved, never a mixture; a torn file is detected by its end
 * line and checksum, and the previous generation is used with a warning. Surviving power loss also
 * relies on the file system honouring {@code fsync} for files and directories.
 *
 * <p><b>Journal.</b> Between two saves, {@link #appendBans} records bans in the journal (a few lines and
 * one {@code fdatasync}, however large the state), so that the daemon can write the ban ahead of applying
 * it and rewrite the whole state only every few seconds. {@link #load} returns the state file with the
 * journal's complete blocks applied ({@link BanJournal#replay}); {@link #save} starts a new, empty
 * journal. A journal that does not continue the state file read (left by a crash just after a save, or
 * beside a previous generation used instead of a torn current one) is ignored.
 *
 * <p><b>Trust.</b> {@link #open} and {@link #peek} refuse a directory that anyone but the user Warden runs as
 * could change, or in which one of these files is a symbolic link ({@link UntrustedDirectoryException};
 * the rules are {@link TrustedDirectory}'s); every file is opened without following links.
 *
 * <p><b>Threading.</b> One writer: the directory is locked for the life of the store (a second store on
 * the same directory, in another process, fails in {@link #open}). Methods are synchronized, but the
 * store is meant to be used from one thread. Within one JVM, open a directory once: per
 * {@link java.nio.channels.FileLock}, a failed second open may release the operating-system lock.
 */
public final class StateStore implements Closeable {

    /** The current generation. */
    public static final String CURRENT = "state";
    /** The previous generation, for recovery. */
    public static final String PREVIOUS = "state.1";
    /** A save in progress; never read, removed by {@link #open}. */
    public static final String TEMP = "state.tmp";
    /** The bans applied since the current generation was written. */
    public static final String JOURNAL = BanJournal.FILE;

    /** The files {@link TrustedDirectory#check} looks at ({@code state.tmp} is removed, whatever it is). */
    private static final List<String> FILES = List.of(CURRENT, PREVIOUS, JOURNAL, DirectoryLock.NAME);

    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);

    private final Path dir;
    private final DirectoryLock lock;
    private boolean currentVerified;
    private boolean closed;
    /** The id of the state file this store last wrote; appending needs one (see {@link #appendBans}). */
    private String savedId;
    private final JournalFile journal;

    private StateStore(Path dir, DirectoryLock lock) {
        this.dir = dir;
        this.lock = lock;
        this.journal = new JournalFile(dir.resolve(JOURNAL), ownerOnly(dir, "rw-------"), this::forceDirectoryQuietly);
    }

    /**
     * Opens (creating it, mode 0700 on POSIX file systems, if missing) and locks a state directory, and
     * removes a {@code state.tmp} left by a save that was interrupted.
     *
     * @throws UntrustedDirectoryException if the directory is one Warden must not trust (see the class
     *     comment); nothing was written in it
     * @throws IOException if the directory cannot be created, or another store holds its lock (the
     *     message names the directory)
     */
    public static StateStore open(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (Files.notExists(d, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(d, ownerOnly(d, "rwx------"));
        }
        TrustedDirectory.check(d, FILES);
        DirectoryLock lock = DirectoryLock.acquire(d);
        try {
            if (Files.deleteIfExists(d.resolve(TEMP))) {
                LOG.info("removed {} left by an interrupted save", d.resolve(TEMP));
            }
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        return new StateStore(d, lock);
    }

    /**
     * The state saved in {@code dir} (with its journal), read without locking, creating or writing
     * anything: what a dry run starts from. {@link WardenState#empty()} when there is no such directory.
     *
     * @throws UntrustedDirectoryException as {@link #open}: an untrusted directory is not read either
     * @throws IOException as {@link #load()}
     */
    public static WardenState peek(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        return check(d) ? new StateStore(d, null).load() : WardenState.empty();
    }

    /**
     * Checks a state directory as {@link #open} and {@link #peek} do, without reading, creating or locking
     * anything: a dry run's daemon refuses an untrusted directory before it starts.
     *
     * @return false when there is no such directory (nothing to check)
     * @throws UntrustedDirectoryException as {@link #open}
     */
    public static boolean check(Path dir) throws IOException {
        Path d = dir.toAbsolutePath();
        if (Files.notExists(d, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        TrustedDirectory.check(d, FILES);
        return true;
    }

    /** The state directory (absolute). */
    public Path directory() {
        return dir;
    }

    /**
     * The saved state; {@link WardenState#empty()} when nothing was saved yet. Falls back to the previous
     * generation, with a logged warning naming it, when the current file is missing or unreadable.
     *
     * @throws CorruptStateException naming file and line when the current file is unreadable and there is
     *     no previous generation
     * @throws IOException when neither generation can be read (naming both), or on an I/O error
     */
    public WardenState load() throws IOException {
        LoadedState loaded = loadDetailed();
        loaded.warnings().forEach(LOG::warn);
        if (loaded.journaled() > 0) {
            LOG.info("{} ban(s) taken from {} (applied after the last save of the state)", loaded.journaled(),
                    dir.resolve(JOURNAL));
        }
        return loaded.state();
    }

    /** As {@link #load()}, but also says which file was read and why; logs nothing. */
    public synchronized LoadedState loadDetailed() throws IOException {
        checkOpen();
        Path current = dir.resolve(CURRENT);
        Path previous = dir.resolve(PREVIOUS);
        IOException problem;
        currentVerified = false;
        try {
            byte[] bytes = TrustedDirectory.read(current);
            WardenState s = StateFormat.read(bytes, current);
            currentVerified = true;
            return withJournal(s, bytes, Optional.of(current), List.of());
        } catch (NoSuchFileException e) {
            problem = null;
        } catch (UntrustedDirectoryException e) {
            throw e;
        } catch (IOException e) {
            problem = e;
        }
        WardenState older;
        byte[] olderBytes;
        try {
            olderBytes = TrustedDirectory.read(previous);
            older = StateFormat.read(olderBytes, previous);
        } catch (NoSuchFileException e) {
            if (problem != null) {
                throw problem;
            }
            return new LoadedState(WardenState.empty(), Optional.empty(), List.of(), 0);
        } catch (UntrustedDirectoryException e) {
            throw e;
        } catch (IOException e) {
            if (problem == null) {
                throw e;
            }
            IOException both = new IOException("no readable state in " + dir + ": " + problem.getMessage()
                    + "; previous generation: " + e.getMessage(), problem);
            both.addSuppressed(e);
            throw both;
        }
        String why = problem == null ? current + " is missing (a save was interrupted?)" : problem.getMessage();
        return withJournal(older, olderBytes, Optional.of(previous),
                List.of(why + "; using the previous generation " + previous + ", which may lack the last changes"));
    }

    /** {@code state} (read from {@code bytes}) with the journal applied if it continues that file. */
    private LoadedState withJournal(WardenState state, byte[] bytes, Optional<Path> source, List<String> warnings)
            throws IOException {
        BanJournal.Contents j = journal.read();
        if (j == null || j.after() == null || !j.after().equals(BanJournal.snapshotId(bytes))) {
            return new LoadedState(state, source, warnings, 0);
        }
        List<String> all = new java.util.ArrayList<>(warnings);
        if (j.problem() != null) {
            all.add(dir.resolve(JOURNAL) + ": " + j.problem() + " (bans are journaled before they are applied, so"
                    + " those were never applied)");
        }
        return new LoadedState(BanJournal.replay(state, j.bans()), source, all, j.bans().size());
    }

    /**
     * Replaces the saved state atomically (see the class comment); returns once it is on disk.
     *
     * @throws IOException if it could not be written; the saved state is then the one before this call
     */
    public synchronized void save(WardenState state) throws IOException {
        checkOpen();
        byte[] bytes = StateFormat.write(state);
        Path tmp = dir.resolve(TEMP);
        Path current = dir.resolve(CURRENT);
        // Unlinking never follows a link, and a file created new cannot be one: nothing is written through.
        Files.deleteIfExists(tmp);
        try (FileChannel ch = TrustedDirectory.open(tmp, EnumSet.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly(dir, "rw-------"))) {
            JournalFile.writeFully(ch, bytes);
            ch.force(true);
        } catch (IOException e) {
            // A full disk: what was written of the new file would only hold space the next try needs.
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        if (Files.exists(current, LinkOption.NOFOLLOW_LINKS) && (currentVerified || readable(current))) {
            keepAsPrevious(current);
        }
        Files.move(tmp, current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        currentVerified = true;
        // From here on the journal continues this file; the old one (which nothing now reads) goes.
        savedId = BanJournal.snapshotId(bytes);
        journal.reset();
        forceDirectory();
    }

    /**
     * Records {@code bans} in the journal and returns once they are on disk: a crash from then on finds
     * them in {@link #load}. Meant to be called before the bans are applied, so a ban is never in a
     * firewall without being known here.
     *
     * @throws IllegalStateException if this store has not saved a state yet (the journal continues the
     *     last save: call {@link #save} after {@link #load} before journaling)
     * @throws IOException if they could not be written; the journal may then end in a torn block, which
     *     {@link #load} drops
     */
    public synchronized void appendBans(List<dev.warden.core.spi.Ban> bans) throws IOException {
        checkOpen();
        if (bans.isEmpty()) {
            return;
        }
        if (savedId == null) {
            throw new IllegalStateException("the ban journal continues a saved state: save before appending");
        }
        journal.append(savedId, bans);
    }

    /** How many bytes the journal holds since the last {@link #save} (the caller saves when it grows large). */
    public synchronized long journalBytes() {
        return journal.bytes();
    }

    /** Releases the lock; the store cannot be used afterwards. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                journal.close();
            } finally {
                lock.close();
            }
        }
    }

    /** {@code state.1} becomes the current file; a crash in between leaves {@code state} in place. */
    private void keepAsPrevious(Path current) throws IOException {
        Path previous = dir.resolve(PREVIOUS);
        Files.deleteIfExists(previous);
        try {
            Files.createLink(previous, current);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.move(current, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** For a new journal file: its directory entry (a failure only weakens durability, the append stands). */
    private void forceDirectoryQuietly() {
        try {
            forceDirectory();
        } catch (IOException e) {
            LOG.warn("cannot fsync {}: {}", dir, e.toString());
        }
    }

    private void forceDirectory() throws IOException {
        FileChannel d;
        try {
            d = FileChannel.open(dir, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException notSupported) {
            return; // not every platform opens directories (Windows); rename there is durable enough
        }
        try (d) {
            d.force(true);
        }
    }

    private static WardenState read(Path file) throws IOException {
        return StateFormat.read(TrustedDirectory.read(file), file);
    }

    private static boolean readable(Path file) {
        try {
            read(file);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Permissions {@code mode} (like {@code rw-------}) on POSIX file systems, nothing elsewhere. */
    private static FileAttribute<?>[] ownerOnly(Path dir, String mode) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))}
                : new FileAttribute<?>[0];
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("state store for " + dir + " is closed");
        }
    }
}
