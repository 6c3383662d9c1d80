package dev.warden.core.state;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FrameWriter} writes bytes itself: they must be exactly the UTF-8 of the text a builder would hold. */
class FrameWriterPropertyTest {

    @Property(tries = 500)
    void bytesAreTheUtf8OfTheTextWithItsTrailer(@ForAll("pieces") List<Object> pieces) {
        FrameWriter w = new FrameWriter("end", 1); // tiny capacity: every append grows the array
        StringBuilder text = new StringBuilder();
        int lines = 0;
        for (Object p : pieces) {
            if (p instanceof Long n) {
                w.append(n.longValue());
            } else if (p instanceof Instant t) {
                w.append(t);
            } else if (p instanceof Character c) {
                w.append(c.charValue());
            } else if ("\n".equals(p)) {
                w.endLine();
                lines++;
            } else {
                w.append((String) p);
            }
            text.append(p);
        }
        w.endLine();
        text.append('\n');
        lines++;
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        String trailer = "end " + lines + " " + Frame.checksum(body, 0, body.length) + "\n";
        assertThat(new String(w.bytes(), StandardCharsets.UTF_8)).isEqualTo(text + trailer);
    }

    @Provide
    Arbitrary<List<Object>> pieces() {
        Arbitrary<Object> strings = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(12).map(s -> s);
        Arbitrary<Object> unicode = Arbitraries.of("é", "/var/log/mäil", "日志", "x\u00ffy", "a\uD83D\uDE00b").map(s -> s);
        Arbitrary<Object> longs = Arbitraries.oneOf(Arbitraries.longs(),
                Arbitraries.of(0L, -1L, 9L, 10L, -10L, Long.MAX_VALUE, Long.MIN_VALUE, 1_700_000_000_000L)).map(n -> n);
        Arbitrary<Object> chars = Arbitraries.of(' ', '*', 'é').map(c -> c);
        Arbitrary<Object> newline = Arbitraries.just("\n");
        // whole seconds across the fast path's range and past its ends, and some with nanoseconds
        Arbitrary<Object> instants = Arbitraries.oneOf(
                Arbitraries.longs().between(-100_000_000_000L, 400_000_000_000L).map(Instant::ofEpochSecond),
                Arbitraries.longs().between(0, 253_402_300_799L).map(Instant::ofEpochSecond),
                Arbitraries.longs().between(0, 4_000_000_000_000L).map(Instant::ofEpochMilli),
                Arbitraries.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(253_402_300_799L),
                        Instant.ofEpochSecond(253_402_300_800L), Instant.ofEpochSecond(951_782_400L), // 2000-02-29
                        Instant.MAX, Instant.MIN, Instant.ofEpochSecond(1_700_000_000L, 1))).map(t -> t);
        return Arbitraries.oneOf(strings, unicode, longs, chars, newline, instants).list().ofMaxSize(40);
    }

    @Test
    void aFrameWhoseLastLineIsNotEndedIsRefused() {
        FrameWriter w = new FrameWriter("end", 16).append("state 5");
        assertThatThrownBy(w::bytes).isInstanceOf(IllegalStateException.class);
    }
}
