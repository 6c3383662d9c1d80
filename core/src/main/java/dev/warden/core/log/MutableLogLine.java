package dev.warden.core.log;

import dev.warden.core.spi.LogLine;

/**
 * The one reused {@link LogLine} of a reading loop: {@link SyslogHeaderParser} fills it for each line
 * before the filter sees it. Confined to one thread.
 */
public final class MutableLogLine implements LogLine {

    byte[] bytes;
    int start;
    int end;
    int messageStart;
    int hostStart;
    int hostEnd;
    int tagStart;
    int tagEnd;
    long pid;
    long lineNumber;
    long epochMillis;
    boolean hasTime;
    String sourceName = "";

    /** Sets the source name shown in diagnostics. */
    public void sourceName(String name) {
        this.sourceName = name;
    }

    /** Sets the line number the next parsed line gets. */
    public void lineNumber(long n) {
        this.lineNumber = n;
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int start() {
        return start;
    }

    @Override
    public int end() {
        return end;
    }

    @Override
    public int messageStart() {
        return messageStart;
    }

    @Override
    public int hostStart() {
        return hostStart;
    }

    @Override
    public int hostEnd() {
        return hostEnd;
    }

    @Override
    public int tagStart() {
        return tagStart;
    }

    @Override
    public int tagEnd() {
        return tagEnd;
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public long lineNumber() {
        return lineNumber;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean hasTime() {
        return hasTime;
    }

    @Override
    public String sourceName() {
        return sourceName;
    }

    @Override
    public String toString() {
        return sourceName + ":" + lineNumber + ": " + text();
    }
}
