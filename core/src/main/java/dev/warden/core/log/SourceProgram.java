package dev.warden.core.log;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@link ProgramSource} runs, and how the program's standard output becomes {@link OutputChunk}s. Called
 * only on the source's reading thread ({@link ProgramRunner}).
 */
interface SourceProgram {

    /** Receives chunks; blocks while the jail's thread is behind. */
    @FunctionalInterface
    interface Sink {
        void accept(OutputChunk chunk) throws InterruptedException;
    }

    /** The argument list for the next start; never empty, the program first. */
    List<String> argv();

    /** Reads the program's standard output to its end into {@code sink}. */
    void pump(InputStream stdout, Sink sink) throws IOException, InterruptedException;

    /** A command's output as it comes, cut anywhere: the jail's thread splits the lines. */
    static SourceProgram command(List<String> argv) {
        List<String> copy = List.copyOf(argv);
        return new SourceProgram() {
            @Override
            public List<String> argv() {
                return copy;
            }

            @Override
            public void pump(InputStream stdout, Sink sink) throws IOException, InterruptedException {
                byte[] b = new byte[JournalOutput.CHUNK];
                int n;
                while ((n = stdout.read(b)) >= 0) {
                    if (n > 0) {
                        sink.accept(new OutputChunk(Arrays.copyOf(b, n), n, null));
                    }
                }
            }
        };
    }
}
