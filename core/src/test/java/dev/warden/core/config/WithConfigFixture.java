package dev.warden.core.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A configuration test with a {@link ConfigFixture} in a fresh temporary directory per test. A subclass's
 * own {@code @BeforeEach} (writing a log file the configurations name, say) runs after the fixture exists.
 */
abstract class WithConfigFixture {

    @TempDir
    Path dir;
    ConfigFixture fx;

    @BeforeEach
    void createFixture() {
        fx = new ConfigFixture(dir);
    }
}
