package dev.warden.core.log;

/**
 * A piece of a program's output on its way from the thread that reads it to the jail's thread: bytes, and
 * for a journal the cursor of its last entry (the position once every line of it is handed out). Only
 * whole lines for the journal; for a command, any cut of the stream. Immutable by convention: the array
 * is never written once queued.
 *
 * @param bytes the output
 * @param length how many bytes of {@code bytes} are used
 * @param cursor the journal cursor after these bytes, or null
 */
record OutputChunk(byte[] bytes, int length, String cursor) {

    /** The end of one run of the program; run once, {@link #cursor} then holds why it failed, or null. */
    static OutputChunk end(String failure) {
        return new OutputChunk(new byte[0], -1, failure);
    }

    boolean isEnd() {
        return length < 0;
    }
}
