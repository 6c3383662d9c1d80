package dev.warden.core.log;

import java.nio.charset.StandardCharsets;

/** Header-parser tests: a line parsed from the middle of a larger array, so that a read past its range shows. */
final class FramedLine {

    private FramedLine() {
    }

    /** {@code s} (UTF-8) parsed by {@code p} from between two bytes on each side that are not part of it. */
    static MutableLogLine parse(SyslogHeaderParser p, String s) {
        MutableLogLine l = new MutableLogLine();
        byte[] b = ("XX" + s + "YY").getBytes(StandardCharsets.UTF_8);
        p.parse(b, 2, b.length - 2, l);
        return l;
    }
}
