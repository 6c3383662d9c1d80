package dev.warden.core.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A short-named temporary directory under {@code /tmp} for socket files: a Unix domain socket path is
 * limited to about 100 bytes, which a JUnit {@code @TempDir} under a long {@code java.io.tmpdir} may
 * exceed. Deleted, with its contents, on {@link #close}.
 */
final class SocketDir implements AutoCloseable {

    private final Path dir;

    private SocketDir(Path dir) {
        this.dir = dir;
    }

    static SocketDir create() throws IOException {
        return new SocketDir(Files.createTempDirectory(Path.of("/tmp"), "wctl-"));
    }

    Path dir() {
        return dir;
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
