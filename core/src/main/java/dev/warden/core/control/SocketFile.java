package dev.warden.core.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the listening socket file so that it is never connectable by anyone but its owner, and removes
 * it again.
 *
 * <p>The socket is bound inside a fresh directory of mode 0700 next to the target, made mode 0600, then
 * renamed onto the target path (atomically, replacing a stale socket), and the directory is removed.
 * Before that, an existing target is probed: a daemon answering there is an error, a refused connection
 * means a stale file from a killed daemon, and anything that is not a socket is left alone (an error).
 *
 * <p>The probe and the rename are two steps: two daemons starting at the same instant could both pass
 * the probe. {@code warden run} prevents that by locking its state directory before it starts the server.
 */
final class SocketFile {

    private static final Logger LOG = LoggerFactory.getLogger(SocketFile.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** A listening socket and the identity (inode) of its file, to remove only our own file later. */
    record Bound(ServerSocketChannel channel, Path path, Object fileKey) {
    }

    private SocketFile() {
    }

    /**
     * Binds a listening Unix domain socket at {@code target}.
     *
     * @throws IOException if the parent directory is missing, a daemon already listens there, the path is
     *     something other than a socket, or binding fails; the message names the path
     */
    static Bound bind(Path target) throws IOException {
        Path socket = target.toAbsolutePath();
        Path parent = socket.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IOException("cannot create control socket " + socket + ": directory " + parent
                    + " does not exist");
        }
        refuseIfTaken(socket);
        Path dir;
        try {
            dir = privateDirectory(parent);
        } catch (IOException e) {
            throw new IOException("cannot create control socket " + socket + ": " + e, e);
        }
        Path temp = dir.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Bound bound = null;
        try {
            channel.bind(UnixDomainSocketAddress.of(temp), 16);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.move(temp, socket, StandardCopyOption.ATOMIC_MOVE);
            bound = new Bound(channel, socket, fileKey(socket));
            connectToSelf(socket);
            takeSelfConnection(channel);
            return bound;
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (bound != null) {
                deleteIfOurs(bound);
            }
            throw new IOException("cannot create control socket " + socket + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A new directory of mode 0700 in {@code parent}: {@code mkdir} of a name from the clock, another name
     * when it exists (nothing there is followed or reused). {@code Files.createTempDirectory} does the
     * same with a {@code SecureRandom} name, whose providers load some 90 classes into a daemon that
     * otherwise needs no randomness (docs/performance.md, "Footprint").
     */
    private static Path privateDirectory(Path parent) throws IOException {
        var mode = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
        for (int attempt = 1; ; attempt++) {
            Path dir = parent.resolve(".warden-" + Long.toHexString(System.nanoTime()) + "-" + attempt);
            try {
                return Files.createDirectory(dir, mode);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    /**
     * Checks that clients can reach the socket at its final path: binding happened at a shorter path, and
     * a path longer than the system's limit (about 100 bytes) can be renamed to but not connected to. The
     * connection waits in the backlog; the server accepts it later and sees it closed.
     */
    private static void connectToSelf(Path socket) throws IOException {
        try (SocketChannel self = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            self.configureBlocking(false);
            self.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new IOException("clients cannot connect to it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Accepts and closes the connection {@link #connectToSelf} left in the queue, so that the daemon's first
     * clients do not share its count of open connections with it (with a limit of two, a client could be
     * turned away, or let in, depending on when the loop saw it closed).
     */
    private static void takeSelfConnection(ServerSocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        try {
            SocketChannel self = channel.accept();
            if (self != null) {
                self.close();
            }
        } finally {
            channel.configureBlocking(true);
        }
    }

    /** Deletes the socket file, unless it is gone or another process has put its own in its place. */
    static void deleteIfOurs(Bound bound) {
        try {
            Object now = fileKey(bound.path());
            if (bound.fileKey() != null && !bound.fileKey().equals(now)) {
                LOG.warn("not removing control socket {}: another process has replaced it", bound.path());
                return;
            }
            Files.delete(bound.path());
        } catch (NoSuchFileException e) {
            LOG.debug("control socket {} was already removed", bound.path());
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", bound.path(), e.toString());
        }
    }

    private static void refuseIfTaken(Path socket) throws IOException {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            throw new IOException("cannot create control socket " + socket + ": it exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false); // a full backlog must not block us: it still means "live"
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException refused) {
            LOG.info("replacing stale control socket {}", socket);
            return;
        } catch (IOException e) {
            throw new IOException("cannot check control socket " + socket + ": " + e.getMessage(), e);
        }
        throw new IOException("a daemon is already listening on " + socket);
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther();
        }
    }

    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
