package dev.warden.core.state;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checked-lines framing itself, apart from the two files that use it. */
class FrameTest {

    /** A header outside any frame, then two frames: {@code a}, {@code é} and an empty one. */
    private static byte[] twoFramesAfterAHeader() {
        byte[] first = new FrameWriter("commit", 16).append("a ").append(1L).append(' ').append((Object) "x").endLine()
                .append("é").endLine().bytes();
        byte[] empty = new FrameWriter("commit", 16).bytes();
        return concat("header\n".getBytes(StandardCharsets.US_ASCII), first, empty);
    }

    @Test
    void framesAreWrittenAsTheirLinesAndATrailerThatCountsAndChecksThem() {
        assertThat(new String(twoFramesAfterAHeader(), StandardCharsets.UTF_8))
                .isEqualTo("header\na 1 x\né\ncommit 2 " + crc("a 1 x\né\n") + "\ncommit 0 00000000\n");
        assertThat(crc("a 1 x\né\n")).isEqualTo("dd162e26");   // CRC32C, checked with another implementation
    }

    @Test
    void aChecksumIsAlwaysEightLowercaseHexDigitsLeadingZerosIncluded() {
        int leadingZero = 0;
        for (int i = 0; i < 4000; i++) {
            byte[] b = ("line " + i + "\n").getBytes(StandardCharsets.UTF_8);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(b, 0, b.length);
            String hex = Long.toHexString(crc.getValue());
            String expected = "0".repeat(8 - hex.length()) + hex;
            assertThat(Frame.checksum(b, 0, b.length)).isEqualTo(expected);
            leadingZero += expected.startsWith("0") ? 1 : 0;
        }
        assertThat(leadingZero).as("inputs whose checksum starts with 0 were among them").isPositive();
    }

    @Test
    void readsEachFrameInOrderThenStopsCleanlyAtTheEnd() {
        byte[] content = twoFramesAfterAHeader();
        FrameReader in = new FrameReader(content, 7, 2, "commit");
        assertThat(in.peekLine()).isEqualTo("a 1 x");
        assertThat(in.next()).isEqualTo(new Frame(java.util.List.of("a 1 x", "é"), 2));
        Frame empty = in.next();
        assertThat(empty.lines()).isEmpty();
        assertThat(empty.firstLine()).isEqualTo(5);
        assertThat(empty.trailerLine()).isEqualTo(5);
        assertThat(in.position()).isEqualTo(content.length);
        assertThat(in.next()).isNull();
        assertThat(in.stop()).isNull();
        assertThat(in.peekLine()).isNull();
    }

    @Test
    void aFrameTornAnywhereInsideStopsReadingAndTheFramesBeforeItStand() {
        byte[] content = twoFramesAfterAHeader();
        int secondStart = content.length - "commit 0 00000000\n".length();
        for (int cut = 8; cut < secondStart; cut++) {
            FrameReader in = new FrameReader(Arrays.copyOf(content, cut), 7, 2, "commit");
            assertThat(in.next()).as("cut at %d", cut).isNull();
            FrameStop stop = in.stop();
            boolean afterANewline = content[cut - 1] == '\n';
            assertThat(stop.reason()).as("cut at %d", cut)
                    .isEqualTo(afterANewline ? FrameStop.Reason.NO_TRAILER : FrameStop.Reason.PARTIAL_LINE);
            assertThat(in.next()).isNull();
            assertThat(in.stop()).as("a stop is final").isSameAs(stop);
        }
        for (int cut = secondStart + 1; cut < content.length; cut++) {
            FrameReader in = new FrameReader(Arrays.copyOf(content, cut), 7, 2, "commit");
            assertThat(in.next()).isNotNull();
            assertThat(in.next()).isNull();
            assertThat(in.stop()).as("cut at %d, in the trailer of the empty frame", cut)
                    .isEqualTo(FrameStop.at(FrameStop.Reason.PARTIAL_LINE, 5, 0));
        }
    }

    @Test
    void aTrailerCutBeforeItsNewlineIsTornAndSaysWhereTheFrameStood() {
        byte[] whole = new FrameWriter("end", 16).append("one").endLine().append("two").endLine().bytes();
        FrameReader in = new FrameReader(Arrays.copyOf(whole, whole.length - 1), 0, 1, "end");
        assertThat(in.next()).isNull();
        assertThat(in.stop()).isEqualTo(FrameStop.at(FrameStop.Reason.PARTIAL_LINE, 3, 2));
        in = new FrameReader(Arrays.copyOf(whole, 8), 0, 1, "end");
        assertThat(in.next()).isNull();
        assertThat(in.stop()).isEqualTo(FrameStop.at(FrameStop.Reason.NO_TRAILER, 3, 2));
    }

    @Test
    void aTrailerWithTheWrongCountOrNoCountIsABadCount() {
        String lines = "one\ntwo\n";
        for (String trailer : new String[] {"end 1 " + crc(lines), "end 3 " + crc(lines), "end 02 " + crc(lines),
                "end " + crc(lines), "end 2 " + crc(lines) + " x", "end  2 " + crc(lines)}) {
            FrameReader in = reader(lines + trailer + "\n", "end");
            assertThat(in.next()).as(trailer).isNull();
            assertThat(in.stop()).as(trailer).isEqualTo(new FrameStop(FrameStop.Reason.BAD_COUNT, 3, 2, trailer, null));
        }
    }

    @Test
    void aTrailerWhoseCrcDoesNotMatchIsABadChecksumGivingTheRightOne() {
        String right = crc("one\ntwo\n");
        for (String lines : new String[] {"one\ntwO\n", "two\none\n"}) {
            FrameReader in = reader(lines + "end 2 " + right + "\n", "end");
            assertThat(in.next()).as(lines).isNull();
            assertThat(in.stop()).as(lines).isEqualTo(new FrameStop(FrameStop.Reason.BAD_CHECKSUM, 3, 2,
                    "end 2 " + right, crc(lines)));
        }
        FrameReader upper = reader("one\ntwo\nend 2 " + right.toUpperCase(java.util.Locale.ROOT) + "\n", "end");
        assertThat(upper.next()).as("the digits are lowercase, as written").isNull();
        assertThat(upper.stop().reason()).isEqualTo(FrameStop.Reason.BAD_CHECKSUM);
    }

    @Test
    void anEmptyFrameIsItsTrailerAlone() {
        assertThat(reader("end 0 00000000\n", "end").next()).isEqualTo(new Frame(java.util.List.of(), 1));
        FrameReader lying = reader("end 0 0000000f\n", "end");
        assertThat(lying.next()).isNull();
        assertThat(lying.stop().reason()).isEqualTo(FrameStop.Reason.BAD_CHECKSUM);
        FrameReader counting = reader("end 1 00000000\n", "end");
        assertThat(counting.next()).isNull();
        assertThat(counting.stop().reason()).isEqualTo(FrameStop.Reason.BAD_COUNT);
    }

    @Test
    void onlyALineStartingWithTheWordAndASpaceIsATrailer() {
        String lines = "ending\nend\ncommit 0 00000000\n";
        assertThat(reader(lines + "end 3 " + crc(lines) + "\n", "end").next().lines())
                .containsExactly("ending", "end", "commit 0 00000000");
    }

    @Test
    void aLineThatIsNotUtf8StopsReadingAtIt() {
        byte[] content = "one\ntwo\nend 2 00000000\n".getBytes(StandardCharsets.US_ASCII);
        content[5] = (byte) 0xff;
        FrameReader in = new FrameReader(content, 0, 1, "end");
        assertThat(in.next()).isNull();
        assertThat(in.stop()).isEqualTo(FrameStop.at(FrameStop.Reason.NOT_UTF8, 2, 1));
    }

    @Test
    void aWriterRefusesToCloseALineItDidNotEnd() {
        FrameWriter open = new FrameWriter("end", 16).append("one").endLine().append("two");
        assertThatThrownBy(open::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("not ended");
    }

    private static FrameReader reader(String text, String word) {
        return new FrameReader(text.getBytes(StandardCharsets.UTF_8), 0, 1, word);
    }

    private static String crc(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return Frame.checksum(b, 0, b.length);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }
}
