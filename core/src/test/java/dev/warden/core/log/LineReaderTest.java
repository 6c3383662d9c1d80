package dev.warden.core.log;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LineReaderTest {

    private static List<String> lines(LineReader r, String text, boolean finish, List<Long> offsets) throws Exception {
        List<String> out = new ArrayList<>();
        LineHandler h = (buf, s, e, off) -> {
            out.add(new String(buf, s, e - s, StandardCharsets.UTF_8));
            offsets.add(off);
        };
        r.readAvailable(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), h);
        if (finish) {
            r.finish(h);
        }
        return out;
    }

    @Test
    void splitsLinesWithOffsetsAndStripsCr() throws Exception {
        List<Long> offsets = new ArrayList<>();
        List<String> got = lines(new LineReader(), "a\nbb\r\n\nccc", true, offsets);
        assertThat(got).containsExactly("a", "bb", "", "ccc");
        assertThat(offsets).containsExactly(0L, 2L, 6L, 7L);
    }

    @Test
    void partialLastLineWaitsUnlessFinished() throws Exception {
        LineReader r = new LineReader();
        List<Long> offsets = new ArrayList<>();
        assertThat(lines(r, "one\ntw", false, offsets)).containsExactly("one");
        assertThat(r.position()).isEqualTo(4);
        assertThat(r.pending()).isEqualTo(2);
    }

    @Test
    void randomTextAcrossSmallBlocksMatchesSplit() throws Exception {
        Random rnd = new Random(42);
        StringBuilder sb = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int len = rnd.nextInt(40);
            StringBuilder l = new StringBuilder();
            for (int k = 0; k < len; k++) {
                l.append((char) ('a' + rnd.nextInt(26)));
            }
            expected.add(l.toString());
            sb.append(l).append('\n');
        }
        List<Long> offsets = new ArrayList<>();
        List<String> got = lines(new LineReader(64, 48), sb.toString(), true, offsets);
        assertThat(got).isEqualTo(expected);
        long off = 0;
        for (int i = 0; i < expected.size(); i++) {
            assertThat(offsets.get(i)).isEqualTo(off);
            off += expected.get(i).length() + 1;
        }
    }

    @Test
    void overlongLinesAreDroppedWholeAndCounted() throws Exception {
        LineReader r = new LineReader(64, 16);
        String longLine = "x".repeat(100);
        List<Long> offsets = new ArrayList<>();
        String text = "short\n" + longLine + "\nafter\n" + "y".repeat(17) + "\n" + "z".repeat(16) + "\n";
        List<String> got = lines(r, text, true, offsets);
        assertThat(got).as("a line of exactly the maximum is kept").containsExactly("short", "after", "z".repeat(16));
        assertThat(r.overlongLines()).isEqualTo(2);
        assertThat(offsets.get(1)).isEqualTo(6 + 101);
        assertThat(r.position()).isEqualTo(text.length());
        r.reset(0);
        assertThat(lines(r, "short\n" + longLine, true, new ArrayList<>())).as("unterminated at the end")
                .containsExactly("short");
        assertThat(r.overlongLines()).isEqualTo(3);
    }

    @Test
    void newlineSearchFindsEveryPosition() {
        for (int pos = 0; pos < 30; pos++) {
            byte[] data = new byte[30];
            java.util.Arrays.fill(data, (byte) 'a');
            data[pos] = '\n';
            assertThat(LineReader.indexOfNewline(data, 0, 30)).isEqualTo(pos);
            assertThat(LineReader.indexOfNewline(data, pos + 1, 30)).isEqualTo(-1);
            assertThat(LineReader.indexOfNewline(data, 0, pos)).as("end is exclusive").isEqualTo(-1);
        }
    }
}
