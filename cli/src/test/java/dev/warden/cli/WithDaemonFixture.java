package dev.warden.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A process test of the daemon with a {@link DaemonFixture} in a fresh temporary directory per test,
 * closed after it. A subclass's own {@code @BeforeEach} (writing the configuration, say) runs after the
 * fixture exists.
 */
abstract class WithDaemonFixture {

    @TempDir
    Path dir;
    DaemonFixture f;

    @BeforeEach
    void createFixture() throws Exception {
        f = DaemonFixture.in(dir);
    }

    @AfterEach
    void closeFixture() throws Exception {
        f.close();
    }
}
