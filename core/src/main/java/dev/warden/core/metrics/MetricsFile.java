package dev.warden.core.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code metrics-file}: {@link WardenMetrics} written for node_exporter's textfile collector, which reads
 * every {@code *.prom} file of its directory at each scrape. The file is replaced whole, never written in
 * place: the metrics go to {@code FILE.tmp} (a name the collector skips) and are renamed over the file, so
 * a scrape sees the previous version or the new one. Stateless.
 */
public final class MetricsFile {

    private MetricsFile() {
    }

    /** Rewrites {@code file} with the metrics now. */
    public static void write(WardenMetrics metrics, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // a link left there is removed, not written through
        try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            metrics.write(out);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
