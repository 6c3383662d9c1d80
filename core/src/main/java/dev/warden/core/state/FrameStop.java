package dev.warden.core.state;

import java.util.Objects;

/**
 * Why a {@link FrameReader} stopped before the end of its content: the frame it was reading is not
 * believed, nor anything after it. The reader of each file phrases it for an operator in that file's words.
 *
 * @param reason what is wrong; never null
 * @param line the 1-based line, in the whole file, where it was found (for {@link Reason#NO_TRAILER}, the
 *     line after the last)
 * @param frameLines how many complete lines of the frame come before that line
 * @param trailer the trailer line as found, for {@link Reason#BAD_COUNT} and {@link Reason#BAD_CHECKSUM};
 *     null otherwise
 * @param checksum the CRC32C the frame's lines give, for {@link Reason#BAD_CHECKSUM}; null otherwise
 */
record FrameStop(Reason reason, int line, int frameLines, String trailer, String checksum) {

    /** What is wrong with the frame. */
    enum Reason {
        /** The content ends inside a line (it has no newline): a write torn by a crash. */
        PARTIAL_LINE,
        /** The content ends after complete lines but before the trailer: a write torn by a crash. */
        NO_TRAILER,
        /** The trailer is not {@code WORD LINES CRC32C} with the number of lines the frame has. */
        BAD_COUNT,
        /** The trailer's CRC32C is not that of the frame's lines: altered or damaged. */
        BAD_CHECKSUM,
        /** A line is not valid UTF-8. */
        NOT_UTF8
    }

    FrameStop {
        Objects.requireNonNull(reason, "reason");
    }

    /** A stop where no trailer was read. */
    static FrameStop at(Reason reason, int line, int frameLines) {
        return new FrameStop(reason, line, frameLines, null, null);
    }
}
