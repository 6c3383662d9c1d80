package dev.warden.core.log;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where one jail's lines come from: the one line path of every command. A source reads its files,
 * splits them into lines, parses each line's header (time, host, tag, pid; a line without a readable
 * time takes the time of the line before it) and hands the lines in file order to a consumer on the
 * caller's thread. Overlong lines are cut and counted here, and every line is counted, so that what
 * {@code scan}, {@code scan} with state and {@code run} read is read the same way.
 *
 * <p>Two kinds: {@link WholeFileSource} reads whole files once (a stateless scan, on every core), and
 * {@link FollowSource} follows files through rotation from saved positions ({@code scan} with state,
 * {@code run}). Confined to one thread; the consumer must not keep the line past its call.
 */
public interface LogSource extends AutoCloseable {

    /**
     * Reads every line available now and hands each to {@code consumer}, in order.
     *
     * @param now the clock's instant: the reference for the year of dates that carry none
     * @throws IOException when a file could not be read; the lines read before were handed out, and other
     *     files of the source were still read
     */
    void read(Instant now, LineConsumer consumer) throws IOException;

    /** Where each file got to, for the state (empty for a source that is not resumed). */
    List<FilePosition> positions();

    /** The files read now. */
    Set<Path> files();

    /** Lines read so far. */
    long lines();

    /** Lines cut at the maximum line length. */
    long overlongLines();

    /** Lines whose own time could not be read (they took the previous line's). */
    long untimedLines();

    @Override
    void close();
}
