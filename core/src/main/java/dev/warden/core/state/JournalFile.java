package dev.warden.core.state;

import dev.warden.core.spi.Ban;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.EnumSet;
import java.util.List;

/**
 * The {@code journal} file of a state directory ({@link BanJournal} is its text): created at the first
 * append after a save with the header naming that save, appended to and forced to disk block by block,
 * removed by {@link #reset}. Confined to its {@link StateStore} (which synchronizes).
 */
final class JournalFile implements Closeable {

    private final Path file;
    private final FileAttribute<?>[] ownerOnly;
    private final Runnable forceDirectory;
    private FileChannel channel;
    private long bytes;

    /**
     * @param ownerOnly the attributes of a new file (mode 0600 where POSIX)
     * @param forceDirectory makes the directory entry of a new file durable
     */
    JournalFile(Path file, FileAttribute<?>[] ownerOnly, Runnable forceDirectory) {
        this.file = file;
        this.ownerOnly = ownerOnly;
        this.forceDirectory = forceDirectory;
    }

    /** The file's contents, or null when there is none. */
    BanJournal.Contents read() throws IOException {
        try {
            return BanJournal.read(TrustedDirectory.read(file));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Appends one block of {@code bans} (not empty) and forces it to disk; the first append after
     * {@link #reset} replaces whatever file is there with one continuing the state file {@code snapshotId}.
     */
    void append(String snapshotId, List<Ban> bans) throws IOException {
        byte[] block = BanJournal.block(bans);
        if (channel == null) {
            Files.deleteIfExists(file); // unlinks a link, never its target; a new file cannot be one
            channel = TrustedDirectory.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), ownerOnly);
            byte[] header = BanJournal.header(snapshotId);
            try {
                writeFully(channel, header);
                writeFully(channel, block);
                channel.force(true);
            } catch (IOException e) {
                cutBack(0, e);
                throw e;
            }
            forceDirectory.run();
            bytes += header.length;
        } else {
            long good = bytes;
            try {
                writeFully(channel, block);
                channel.force(false);
            } catch (IOException e) {
                cutBack(good, e);
                throw e;
            }
        }
        bytes += block.length;
    }

    /**
     * After a failed append (a full disk), takes the file back to its last complete block, so that the
     * blocks a later append writes are not behind a torn one that replay would stop at. If that fails too,
     * the file is closed and removed: the daemon saves the whole state after a failed append anyway, and
     * until then a ban is better missing from the journal than a journal that ends early.
     */
    private void cutBack(long length, IOException cause) {
        try {
            if (length > 0) {
                channel.truncate(length);
                return;
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        try {
            close();
            Files.deleteIfExists(file);
            bytes = 0;
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Bytes appended since the last {@link #reset}. */
    long bytes() {
        return bytes;
    }

    /** Closes and removes the file: the state file just written holds everything it held. */
    void reset() throws IOException {
        bytes = 0;
        close();
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }

    /** The most written with one call: see {@link #writeFully}. */
    static final int SLICE = 64 * 1024;

    /**
     * Writes all of {@code bytes}, at most {@link #SLICE} bytes per call. A heap buffer is written through a
     * temporary direct buffer as large as what is handed over, which the JDK then keeps for the thread:
     * a state file of 5 MB written at once would hold 5 MB of native memory for the life of the daemon.
     */
    static void writeFully(FileChannel ch, byte[] bytes) throws IOException {
        int off = 0;
        while (off < bytes.length) {
            ByteBuffer b = ByteBuffer.wrap(bytes, off, Math.min(SLICE, bytes.length - off));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            off = b.position();
        }
    }
}
