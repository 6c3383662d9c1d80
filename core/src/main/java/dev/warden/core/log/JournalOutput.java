package dev.warden.core.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@code journalctl --output=json} into syslog lines a filter reads as it reads {@code auth.log}:
 * {@code 2026-12-07T02:10:00.123456Z HOST TAG[PID]: MESSAGE}, one per journal entry, with
 * <ul>
 *   <li>the entry's real time, {@code __REALTIME_TIMESTAMP} (microseconds, UTC): no year to infer, no zone to
 *       guess (an entry without one has no time, and takes the previous line's);</li>
 *   <li>as TAG {@code SYSLOG_IDENTIFIER}, else {@code _SYSTEMD_UNIT}, else {@code _COMM}; as PID {@code _PID}
 *       (which journald sets), else {@code SYSLOG_PID}; as HOST {@code _HOSTNAME}. Blanks, brackets and
 *       colons in them become {@code _}, so that what a program calls itself cannot shape the header;</li>
 *   <li>the MESSAGE (text, or bytes for a message that is not UTF-8) with every control character written as
 *       {@code #} and three octal digits, as rsyslog writes {@code #012} for a newline: an entry is one line,
 *       and a newline inside a message never starts a line of its own.</li>
 * </ul>
 * Parsed with Jackson's streaming parser over the whole output (one parser, no tree); fields other than these
 * are skipped. The chunks handed on end with whole lines and carry the cursor ({@code __CURSOR}) of their
 * last entry with a {@linkplain JournalCursor#isValid valid} one (journald gives every entry one). Runs on the
 * source's reading thread; one instance per run of journalctl.
 */
final class JournalOutput {

    /** A chunk is handed on once it holds this much, or when journalctl has nothing more for now. */
    static final int CHUNK = 64 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder().build();


    private final SourceProgram.Sink sink;
    private final LineBuffer out = new LineBuffer(CHUNK + 8192);
    private String cursor;
    private String lastCursor;

    JournalOutput(SourceProgram.Sink sink) {
        this.sink = sink;
    }

    /** The cursor of the last entry handed on, or null: where a restarted journalctl goes on after. */
    String lastCursor() {
        return lastCursor;
    }

    /** Reads {@code in} (journalctl's standard output) to its end, handing on a chunk now and then. */
    void pump(InputStream in) throws IOException, InterruptedException {
        try (JsonParser p = JSON.createParser(in)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                entry(p);
                if (out.size() >= CHUNK || in.available() == 0) {
                    flush();
                }
            }
        }
        flush();
    }

    private void flush() throws InterruptedException {
        if (out.size() > 0) {
            sink.accept(new OutputChunk(out.copy(), out.size(), cursor));
            lastCursor = cursor;
            out.reset();
        }
    }

    /** One entry, its object's start already read: rendered into {@link #out}. */
    private void entry(JsonParser p) throws IOException {
        long micros = Long.MIN_VALUE;
        String host = null;
        String identifier = null;
        String unit = null;
        String comm = null;
        String pid = null;
        String syslogPid = null;
        Object message = null;
        String entryCursor = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "__CURSOR" -> entryCursor = text(p, v);
                case "__REALTIME_TIMESTAMP" -> micros = micros(text(p, v));
                case "_HOSTNAME" -> host = text(p, v);
                case "SYSLOG_IDENTIFIER" -> identifier = text(p, v);
                case "_SYSTEMD_UNIT" -> unit = text(p, v);
                case "_COMM" -> comm = text(p, v);
                case "_PID" -> pid = text(p, v);
                case "SYSLOG_PID" -> syslogPid = text(p, v);
                case "MESSAGE" -> message = v == JsonToken.START_ARRAY ? bytesOrFirst(p) : text(p, v);
                default -> p.skipChildren();
            }
        }
        if (micros != Long.MIN_VALUE) {
            out.ascii(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                    .toString()).ascii(" ");
        }
        out.token(host == null ? "localhost" : host).ascii(" ");
        out.token(identifier != null ? identifier : unit != null ? unit : comm != null ? comm : "journal");
        String thePid = digits(pid) ? pid : digits(syslogPid) ? syslogPid : null;
        if (thePid != null) {
            out.ascii("[").ascii(thePid).ascii("]");
        }
        out.ascii(": ");
        if (message instanceof String s) {
            out.escaped(s);
        } else if (message instanceof byte[] b) {
            out.escaped(b);
        }
        out.newline();
        if (JournalCursor.isValid(entryCursor)) {
            cursor = entryCursor;
        }
    }

    /** A scalar's text; for a field given more than once (an array of values), the first string. */
    private static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.START_ARRAY) {
            Object first = bytesOrFirst(p);
            return first instanceof String s ? s : null;
        }
        if (v == JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        return v == JsonToken.VALUE_NULL ? null : p.getText();
    }

    /**
     * An array, its start already read: journalctl writes a value that is not valid UTF-8 as an array of byte
     * values, and a field given more than once as an array of its values. Returns the bytes, or the first text.
     */
    private static Object bytesOrFirst(JsonParser p) throws IOException {
        List<Integer> bytes = new ArrayList<>();
        String first = null;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                bytes.add(p.getIntValue());
            } else if (t == JsonToken.VALUE_STRING && first == null) {
                first = p.getText();
            } else {
                p.skipChildren();
            }
        }
        if (first != null || bytes.isEmpty()) {
            return first;
        }
        byte[] b = new byte[bytes.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) bytes.get(i);
        }
        return b;
    }

    private static long micros(String text) {
        if (text == null) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static boolean digits(String s) {
        if (s == null || s.isEmpty() || s.length() > 10) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
