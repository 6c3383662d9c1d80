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
 * caller's thread. Two kinds of line never reach the consumer, and are counted: overlong lines (longer
 * than {@link LineReader#DEFAULT_MAX_LINE}: dropped whole, never cut) and continuation lines (without a
 * time of their own in a file that has shown timed lines: continuation lines and lines with an
 * unreadable time, {@link LineTrust}). Every line is counted, so
 * that what {@code scan}, {@code scan} with state and {@code run} read is read the same way.
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

    /** Where each file got to, for the state (empty for a source that is not resumed or reads no file). */
    List<FilePosition> positions();

    /**
     * Where the journal got to, for the state: the cursor of the last entry handed out (a
     * {@linkplain JournalCursor#isValid valid cursor}), or null for a source that reads no journal or has
     * handed out no entry with a cursor yet (and was given none).
     */
    default String cursor() {
        return null;
    }

    /** The files read now. */
    Set<Path> files();

    /** Lines read so far, those withheld from the consumer included. */
    long lines();

    /** Lines longer than the maximum line length: dropped, never handed out. */
    long overlongLines();

    /** What became of the lines read so far after their header was parsed (live: it goes on counting). */
    LineCounts lineCounts();

    /** See {@link LineCounts#untimed()}. */
    default long untimedLines() {
        return lineCounts().untimed();
    }

    /** See {@link LineCounts#continuation()}. */
    default long continuationLines() {
        return lineCounts().continuation();
    }

    /** See {@link LineCounts#unreadable()}. */
    default long unreadableTimeLines() {
        return lineCounts().unreadable();
    }

    @Override
    void close();
}
