package dev.warden.core.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A large state file is written whole, without the JDK keeping a native buffer as large as the file. */
class WriteFullyTest {

    @TempDir
    Path dir;

    @Test
    void fourMegabytesAreWrittenWholeThroughBuffersOfAtMostOneSlice() throws Exception {
        byte[] bytes = new byte[4 << 20];
        new Random(7).nextBytes(bytes);
        Path file = dir.resolve("state.tmp");
        AtomicLong directGrowth = new AtomicLong();
        Throwable[] failed = new Throwable[1];
        // A fresh thread: the JDK caches its temporary direct buffers per thread.
        Thread t = new Thread(() -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long before = direct();
                JournalFile.writeFully(ch, bytes);
                directGrowth.set(direct() - before);
            } catch (Throwable e) {
                failed[0] = e;
            }
        });
        t.start();
        t.join();
        assertThat(failed[0]).isNull();
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(directGrowth.get()).as("native memory kept for the write").isLessThanOrEqualTo(JournalFile.SLICE);
    }

    private static long direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
