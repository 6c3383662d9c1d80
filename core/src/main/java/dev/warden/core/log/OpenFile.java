package dev.warden.core.log;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * One open log file of a {@link FileFollower}: the descriptor (kept after the path is renamed, so the
 * old file can be read to its end), its identity, and the fingerprint of its first bytes.
 */
final class OpenFile implements AutoCloseable {

    final FileInputStream in;
    final FileChannel channel;
    final FileIdentity identity;
    long fingerprint;
    int fingerprintLength;
    long lastSize;

    private OpenFile(FileInputStream in, FileIdentity identity) {
        this.in = in;
        this.channel = in.getChannel();
        this.identity = identity;
    }

    /**
     * Opens what {@code path} names now, or returns null when there is no file there. The identity is
     * read before and after opening; if they differ the path changed meanwhile and it tries again.
     */
    static OpenFile open(Path path) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            FileIdentity before = identityOrNull(path);
            if (before == null) {
                return null;
            }
            try {
                requireRegularFile(path);
            } catch (NoSuchFileException gone) {
                return null;
            }
            FileInputStream in;
            try {
                in = new FileInputStream(path.toFile());
            } catch (FileNotFoundException e) {
                if (Files.notExists(path)) {
                    return null;
                }
                throw e;
            }
            if (before.equals(identityOrNull(path))) {
                return new OpenFile(in, before);
            }
            in.close();
        }
        return null;
    }

    /**
     * Refuses a path that leads (through links, which logs may be) to anything but a regular file: opening
     * a FIFO would block the reading thread until a writer comes, the daemon's whole loop with it, and a
     * device or directory is no log either.
     *
     * @throws IOException naming the path and what it is; a {@link NoSuchFileException} when it names nothing
     */
    static void requireRegularFile(Path path) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a = Files.readAttributes(path,
                java.nio.file.attribute.BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            String what = a.isDirectory() ? "a directory" : a.isOther() ? "a FIFO, socket or device" : "not a file";
            throw new java.nio.file.FileSystemException(path.toString(), null,
                    "not a regular file (" + what + "); a log is read only from a regular file");
        }
    }

    /** The identity of what the path names now, or null when it names nothing. */
    static FileIdentity identityOrNull(Path path) throws IOException {
        try {
            return FileIdentity.of(path);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    long size() throws IOException {
        return channel.size();
    }

    /** Bytes consumed from the file so far (complete lines and a pending partial one). */
    long readPosition() throws IOException {
        return channel.position();
    }

    void seek(long offset) throws IOException {
        channel.position(offset);
    }

    /** Whether the file still starts with the bytes fingerprinted (true when none were yet). */
    boolean prefixMatches() throws IOException {
        if (fingerprintLength == 0) {
            return true;
        }
        OptionalLong now = Fingerprint.of(channel, fingerprintLength);
        return now.isPresent() && now.getAsLong() == fingerprint;
    }

    /** Extends the fingerprint to the first {@code min(size, 256)} bytes; call once the prefix is known to match. */
    void extendFingerprint(long size) throws IOException {
        int want = (int) Math.min(size, Fingerprint.MAX_LENGTH);
        if (want > fingerprintLength) {
            OptionalLong h = Fingerprint.of(channel, want);
            if (h.isPresent()) {
                fingerprint = h.getAsLong();
                fingerprintLength = want;
            }
        }
    }

    /** Forgets the fingerprint and goes back to the start (the file was truncated). */
    void restart() throws IOException {
        fingerprint = 0;
        fingerprintLength = 0;
        lastSize = 0;
        channel.position(0);
    }

    /**
     * The offset just after the last newline in {@code [max(from, size - window), size)}, or -1 when there
     * is none; reads without moving the read position.
     */
    long lastNewlineEnd(long from, long size, int window) throws IOException {
        long start = Math.max(from, size - window);
        ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
        while (buf.hasRemaining() && channel.read(buf, start + buf.position()) >= 0) {
            // positional reads until the window is full
        }
        byte[] b = buf.array();
        for (int i = buf.position() - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return start + i + 1;
            }
        }
        return -1;
    }

    /** The offset just after the last newline in the file's final {@code window} bytes (start reading at the end). */
    long lastLineEnd(int window) throws IOException {
        long size = size();
        int n = (int) Math.min(size, window);
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining() && channel.read(buf, size - n + buf.position()) >= 0) {
            // positional reads until the window is full
        }
        byte[] b = buf.array();
        for (int i = buf.position() - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return size - n + i + 1;
            }
        }
        return n == size ? 0 : size;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
