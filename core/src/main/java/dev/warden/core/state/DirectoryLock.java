package dev.warden.core.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;

/**
 * An exclusive lock on {@code DIR/lock} ({@link FileChannel#tryLock()}, an {@code fcntl} lock on Unix),
 * released when closed or when the process dies, even by {@code kill -9}. The file holds the owner's pid
 * for operators; its presence alone means nothing. It is opened without following a link, so a link
 * planted as {@code lock} is refused rather than truncated through.
 */
final class DirectoryLock implements AutoCloseable {

    static final String NAME = "lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IOException naming {@code dir} (and the holder's pid when known) if another owner holds it */
    static DirectoryLock acquire(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        FileChannel channel = TrustedDirectory.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw inUse(dir, file, "this process");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw inUse(dir, file, holder(file));
        }
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new DirectoryLock(channel, lock);
    }

    private static IOException inUse(Path dir, Path file, String holder) {
        return new IOException("state directory " + dir + " is in use by another Warden (" + holder
                + " holds the lock on " + file + "); only one warden run or scan may use it at a time");
    }

    private static String holder(Path file) {
        try {
            String pid = new String(TrustedDirectory.read(file), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d+") ? "pid " + pid : "another process";
        } catch (IOException e) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
