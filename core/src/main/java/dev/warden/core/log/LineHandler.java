package dev.warden.core.log;

/** Receives lines from a {@link LineReader}; the range is valid only during the call. */
@FunctionalInterface
public interface LineHandler {

    /**
     * One line in {@code buf[start, end)}, newline and trailing CR excluded.
     *
     * @param offset the file offset of the line's first byte
     */
    void line(byte[] buf, int start, int end, long offset);
}
