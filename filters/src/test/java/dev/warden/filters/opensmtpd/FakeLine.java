package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.LogLine;

import java.nio.charset.StandardCharsets;

/**
 * A {@link LogLine} built from its header fields, for direct tests of the filter without core's parser:
 * {@code "<host> <tag>[<pid>]: <message>"}. A pid of -1 writes no brackets.
 */
final class FakeLine implements LogLine {

    private final byte[] bytes;
    private final int hostEnd;
    private final int tagStart;
    private final int tagEnd;
    private final int messageStart;
    private final long pid;
    private final long epochMillis;

    FakeLine(String host, String tag, long pid, long epochMillis, String message) {
        String head = host + " " + tag + (pid >= 0 ? "[" + pid + "]" : "") + ": ";
        this.bytes = (head + message).getBytes(StandardCharsets.UTF_8);
        this.hostEnd = host.length();
        this.tagStart = host.length() + 1;
        this.tagEnd = tagStart + tag.length();
        this.messageStart = head.length();
        this.pid = pid;
        this.epochMillis = epochMillis;
    }

    /** A line of smtpd[4711] on host "mail". */
    static FakeLine smtpd(long epochMillis, String message) {
        return new FakeLine("mail", "smtpd", 4711, epochMillis, message);
    }

    @Override
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public int start() {
        return 0;
    }

    @Override
    public int end() {
        return bytes.length;
    }

    @Override
    public int messageStart() {
        return messageStart;
    }

    @Override
    public int hostStart() {
        return 0;
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
        return 1;
    }

    @Override
    public long epochMillis() {
        return epochMillis;
    }

    @Override
    public boolean hasTime() {
        return true;
    }

    @Override
    public String sourceName() {
        return "test";
    }
}
