package dev.warden.core.spi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contracts of {@link LineBytes}: ranges that do not start at 0 and do not end at the array's end,
 * absent needles, word boundaries, and the eight-bytes-at-a-time paths against plain loops.
 */
class LineBytesTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void asciiRefusesWhatItCannotCompareByteForByte() {
        assertThat(LineBytes.ascii("rip=")).containsExactly('r', 'i', 'p', '=');
        assertThat(LineBytes.ascii("")).isEmpty();
        assertThatThrownBy(() -> LineBytes.ascii("caf\u00e9")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 3");
    }

    @Test
    void startsWithLooksOnlyInsideTheRange() {
        byte[] l = b("xx authentication user=a result=permfail");
        assertThat(LineBytes.startsWith(l, 3, l.length, b("authentication user="))).isTrue();
        assertThat(LineBytes.startsWith(l, 3, l.length, b("authentication usex="))).as("9th byte differs").isFalse();
        assertThat(LineBytes.startsWith(l, 3, l.length, b("xuthentication user="))).as("1st byte differs").isFalse();
        assertThat(LineBytes.startsWith(l, 3, 10, b("authentication"))).as("past the range end").isFalse();
        assertThat(LineBytes.startsWith(l, 3, 17, b("authentication"))).as("exactly the range").isTrue();
        assertThat(LineBytes.startsWith(l, -1, l.length, b("x"))).as("before the array").isFalse();
        assertThatThrownBy(() -> LineBytes.startsWith(l, l.length - 1, l.length + 1, b("lx")))
                .as("past the array").isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(LineBytes.startsWith(l, l.length, l.length, new byte[0])).isTrue();
        assertThat(LineBytes.startsWith(l, 5, 4, new byte[0])).as("inverted range").isFalse();
    }

    @Test
    void endsWithNeedsTheSuffixInsideTheRange() {
        byte[] l = b("xx result=permfail yy");
        assertThat(LineBytes.endsWith(l, 0, 18, b(" result=permfail"))).isTrue();
        assertThat(LineBytes.endsWith(l, 2, 18, b(" result=permfail"))).as("suffix is the whole range").isTrue();
        assertThat(LineBytes.endsWith(l, 3, 18, b(" result=permfail"))).as("starts before from").isFalse();
        assertThat(LineBytes.endsWith(l, 0, l.length, b(" result=permfail"))).isFalse();
        assertThat(LineBytes.endsWith(l, 0, l.length, b("yy"))).isTrue();
        assertThat(LineBytes.endsWith(l, -1, 2, b("xx"))).as("range before the array").isFalse();
        assertThat(LineBytes.endsWith(l, 0, 1, b("xx"))).as("longer than the range").isFalse();
    }

    @Test
    void contentEqualsIsTheWholeRange() {
        byte[] l = b("[sshd-session]");
        assertThat(LineBytes.contentEquals(l, 1, 13, b("sshd-session"))).isTrue();
        assertThat(LineBytes.contentEquals(l, 1, 5, b("sshd"))).isTrue();
        assertThat(LineBytes.contentEquals(l, 1, 6, b("sshd"))).as("range longer").isFalse();
        assertThat(LineBytes.contentEquals(l, 1, 12, b("sshd-session"))).as("range shorter").isFalse();
        assertThat(LineBytes.contentEquals(l, 1, 13, b("sshd-sessiom"))).as("last byte, after a long").isFalse();
        assertThat(LineBytes.contentEquals(l, 4, 4, new byte[0])).isTrue();
        assertThat(LineBytes.contentEquals(l, -1, 2, b("[ss"))).isFalse();
    }

    @Test
    void startsWithWordNeedsASpaceOrTheRangeEnd() {
        byte[] l = b("smtp closed reason=quit; closedx");
        assertThat(LineBytes.startsWithWord(l, 5, l.length, b("closed"))).isTrue();
        assertThat(LineBytes.startsWithWord(l, 5, 11, b("closed"))).as("range ends after it").isTrue();
        assertThat(LineBytes.startsWithWord(l, 25, l.length, b("closed"))).as("followed by x").isFalse();
        assertThat(LineBytes.startsWithWord(l, 25, 31, b("closed"))).as("the range cuts the x off").isTrue();
        assertThat(LineBytes.startsWithWord(l, 5, 10, b("closed"))).as("longer than the range").isFalse();
        assertThat(LineBytes.startsWithWord(b("closed"), 0, 6, b("closed"))).as("ends the array").isTrue();
    }

    @Test
    void indexOfByteFindsOnlyInsideTheRange() {
        byte[] l = b("a]b]c]");
        assertThat(LineBytes.indexOf(l, 0, l.length, (byte) ']')).isEqualTo(1);
        assertThat(LineBytes.indexOf(l, 2, l.length, (byte) ']')).isEqualTo(3);
        assertThat(LineBytes.indexOf(l, 4, 5, (byte) ']')).isEqualTo(-1);
        assertThat(LineBytes.indexOf(l, 3, 3, (byte) ']')).as("empty range").isEqualTo(-1);
        assertThat(LineBytes.indexOf(l, 0, l.length, (byte) 'z')).isEqualTo(-1);
    }

    @Test
    void lastIndexOfByteFindsOnlyInsideTheRange() {
        byte[] l = b("\"0123456789abcdef\"0123456789\"");
        assertThat(LineBytes.lastIndexOf(l, 0, l.length, (byte) '"')).isEqualTo(l.length - 1);
        assertThat(LineBytes.lastIndexOf(l, 0, l.length - 1, (byte) '"')).isEqualTo(17);
        assertThat(LineBytes.lastIndexOf(l, 1, 17, (byte) '"')).as("both quotes just outside").isEqualTo(-1);
        assertThat(LineBytes.lastIndexOf(l, 0, 17, (byte) '"')).isEqualTo(0);
        assertThat(LineBytes.lastIndexOf(b("x\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2\u00a2"), 0, 9, (byte) '"'))
                .as("0xA2 is not '\"' with its high bit set").isEqualTo(-1);
        assertThat(LineBytes.lastIndexOf(b("\u00ff\u00ff\u00fe\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff"), 0, 9, (byte) 0xFE))
                .isEqualTo(2);
    }

    @Test
    void indexOfLiteralFindsOnlyWholeOccurrencesInsideTheRange() {
        byte[] l = b("user=<x, rip=1>, method=PLAIN, rip=192.0.2.1, lip=");
        byte[] rip = b(", rip=");
        assertThat(LineBytes.indexOf(l, 0, l.length, rip)).isEqualTo(7);
        assertThat(LineBytes.indexOf(l, 8, l.length, rip)).isEqualTo(29);
        assertThat(LineBytes.indexOf(l, 8, 34, rip)).as("ends one byte past the range").isEqualTo(-1);
        assertThat(LineBytes.indexOf(l, 8, 35, rip)).isEqualTo(29);
        assertThat(LineBytes.lastIndexOf(l, 0, l.length, rip)).isEqualTo(29);
        assertThat(LineBytes.lastIndexOf(l, 0, 34, rip)).isEqualTo(7);
        assertThat(LineBytes.lastIndexOf(l, 8, 34, rip)).isEqualTo(-1);
        assertThat(LineBytes.indexOf(l, 0, l.length, b(", rip=2"))).isEqualTo(-1);
        assertThat(LineBytes.indexOf(l, 4, 9, new byte[0])).isEqualTo(4);
        assertThat(LineBytes.lastIndexOf(l, 4, 9, new byte[0])).isEqualTo(9);
        assertThat(LineBytes.indexOf(l, 0, 3, b("user="))).as("needle longer than the range").isEqualTo(-1);
    }

    @Test
    void indexOfWordIsBoundedBySpacesOrTheRangeEnds() {
        byte[] l = b("xroot roots  root root");
        byte[] root = b("root");
        assertThat(LineBytes.indexOfWord(l, 0, l.length, root)).isEqualTo(13);
        assertThat(LineBytes.indexOfWord(l, 1, l.length, root)).as("the range start bounds a word").isEqualTo(1);
        assertThat(LineBytes.indexOfWord(l, 6, 10, root)).as("the range end bounds a word").isEqualTo(6);
        assertThat(LineBytes.indexOfWord(l, 14, l.length, root)).isEqualTo(18);
        assertThat(LineBytes.indexOfWord(l, 0, 16, root)).isEqualTo(-1);
        assertThat(LineBytes.indexOfWord(l, 0, l.length, b("roo"))).isEqualTo(-1);
        assertThat(LineBytes.indexOfWord(l, 0, l.length, new byte[0])).as("no empty tokens").isEqualTo(-1);
        assertThat(LineBytes.indexOfWord(b("    "), 0, 4, root)).isEqualTo(-1);
    }

    @Test
    void tokensSpacesAndDigits() {
        byte[] l = b("  port 2222 ssh2");
        assertThat(LineBytes.skipSpaces(l, 0, l.length)).isEqualTo(2);
        assertThat(LineBytes.skipSpaces(l, 0, 1)).isEqualTo(1);
        assertThat(LineBytes.tokenEnd(l, 2, l.length)).isEqualTo(6);
        assertThat(LineBytes.tokenEnd(l, 12, l.length)).as("last token ends the range").isEqualTo(l.length);
        assertThat(LineBytes.tokenEnd(l, 2, 4)).isEqualTo(4);
        assertThat(LineBytes.tokenEnd(l, 6, l.length)).as("at a space: empty").isEqualTo(6);
        assertThat(LineBytes.tokenStart(l, 0, l.length)).isEqualTo(12);
        assertThat(LineBytes.tokenStart(l, 0, 11)).isEqualTo(7);
        assertThat(LineBytes.tokenStart(l, 9, 11)).as("not before from").isEqualTo(9);
        assertThat(LineBytes.tokenStart(l, 0, 6)).isEqualTo(2);
        assertThat(LineBytes.skipDigits(l, 7, l.length)).isEqualTo(11);
        assertThat(LineBytes.skipDigits(l, 7, 9)).isEqualTo(9);
        assertThat(LineBytes.skipDigits(l, 2, l.length)).isEqualTo(2);
        assertThat(LineBytes.skipDigits(b("12/:0"), 0, 5)).as("'/' and ':' surround the digits").isEqualTo(2);
    }

    @Test
    void addressIsTheWholeTokenParsedAndNormalized() {
        byte[] l = b("from ::ffff:192.0.2.7 port 22, 2001:DB8::1 mail.example 192.0.2.10, 192.0.2.100");
        assertThat(LineBytes.address(l, 5, l.length)).hasToString("192.0.2.7");
        assertThat(LineBytes.address(l, 31, l.length)).hasToString("2001:db8::1");
        assertThat(LineBytes.address(l, 31, 40)).as("the range end cuts the token").isNull();
        assertThat(LineBytes.address(l, 43, l.length)).as("a host name").isNull();
        assertThat(LineBytes.address(l, 56, l.length)).as("a trailing comma").isNull();
        assertThat(LineBytes.address(l, 56, 65)).as("the range ends the token").hasToString("192.0.2.1");
        assertThat(LineBytes.address(l, 4, l.length)).as("at a space: empty token").isNull();
        assertThat(LineBytes.address(l, l.length, l.length)).isNull();
        assertThat(LineBytes.address(l, 6, l.length)).as("from inside the token").isNull();
    }

    @Test
    void keyValueFieldsAreTokens() {
        byte[] l = b("logname= uid=0 ruser=root rhost=192.0.2.1 host=user=x  user=bob user=");
        byte[] user = b("user");
        int v = LineBytes.valueStart(l, 0, l.length, user);
        assertThat(v).as("not ruser=, not host=user=").isEqualTo(60);
        assertThat(LineBytes.tokenEnd(l, v, l.length)).isEqualTo(63);
        assertThat(LineBytes.lastValueStart(l, 0, l.length, user)).as("an empty value at the end").isEqualTo(l.length);
        assertThat(LineBytes.lastValueStart(l, 0, l.length - 1, user)).as("no '=' inside the range").isEqualTo(60);
        assertThat(LineBytes.valueStart(l, 0, l.length, b("logname"))).isEqualTo(8);
        assertThat(LineBytes.valueStart(l, 27, l.length, b("rhost"))).isEqualTo(-1);
        assertThat(LineBytes.valueStart(l, 21, l.length, b("root"))).as("not a key").isEqualTo(-1);
        assertThat(LineBytes.valueStart(l, 16, l.length, b("user"))).as("from starts a token").isEqualTo(21);
        assertThat(LineBytes.lastValueStart(l, 16, 26, b("user"))).isEqualTo(21);
        assertThat(LineBytes.valueStart(l, 0, l.length, b("tty"))).isEqualTo(-1);
        assertThat(LineBytes.lastValueStart(l, 0, l.length, b("tty"))).isEqualTo(-1);
    }

    @Test
    void searchesAgreeWithPlainLoopsOnRandomRanges() {
        Random r = new Random(23);
        String alphabet = "ab \"=\u00a2\u00ff";
        for (int n = 0; n < 100_000; n++) {
            byte[] l = random(r, alphabet, r.nextInt(40));
            byte[] needle = random(r, "ab \"", r.nextInt(4));
            int from = r.nextInt(l.length + 1);
            int to = from + r.nextInt(l.length - from + 1);
            byte c = alphabet.substring(r.nextInt(alphabet.length())).getBytes(StandardCharsets.ISO_8859_1)[0];
            String where = new String(l, StandardCharsets.ISO_8859_1) + " [" + from + "," + to + ")";
            assertThat(LineBytes.lastIndexOf(l, from, to, c)).as(where).isEqualTo(naiveLastIndexOf(l, from, to, c));
            assertThat(LineBytes.indexOf(l, from, to, needle)).as(where).isEqualTo(naiveIndexOf(l, from, to, needle));
            assertThat(LineBytes.lastIndexOf(l, from, to, needle)).as(where)
                    .isEqualTo(naiveLastIndexOf(l, from, to, needle));
            if (needle.length > 0 && LineBytes.indexOf(needle, 0, needle.length, (byte) ' ') < 0) {
                assertThat(LineBytes.indexOfWord(l, from, to, needle)).as(where).isEqualTo(naiveWord(l, from, to, needle));
            }
        }
    }

    private static byte[] random(Random r, String alphabet, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = (byte) alphabet.charAt(r.nextInt(alphabet.length()));
        }
        return out;
    }

    private static int naiveLastIndexOf(byte[] l, int from, int to, byte c) {
        for (int i = to - 1; i >= from; i--) {
            if (l[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int naiveIndexOf(byte[] l, int from, int to, byte[] needle) {
        String s = new String(l, from, to - from, StandardCharsets.ISO_8859_1);
        int i = s.indexOf(new String(needle, StandardCharsets.ISO_8859_1));
        return i < 0 ? -1 : from + i;
    }

    private static int naiveLastIndexOf(byte[] l, int from, int to, byte[] needle) {
        String s = new String(l, from, to - from, StandardCharsets.ISO_8859_1);
        int i = s.lastIndexOf(new String(needle, StandardCharsets.ISO_8859_1));
        return i < 0 ? -1 : from + i;
    }

    private static int naiveWord(byte[] l, int from, int to, byte[] word) {
        String s = new String(l, from, to - from, StandardCharsets.ISO_8859_1);
        String w = new String(word, StandardCharsets.ISO_8859_1);
        String padded = " " + s + " ";
        int i = padded.indexOf(" " + w + " ");
        return i < 0 ? -1 : from + i;
    }
}
