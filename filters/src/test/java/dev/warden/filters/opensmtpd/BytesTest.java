package dev.warden.filters.opensmtpd;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BytesTest {

    private static final byte[] LINE = Bytes.ascii("xx authentication user=a result=permfail");

    @Test
    void startsWithComparesWholeLiteralsOfAnyLengthWithinTheRange() {
        assertThat(Bytes.startsWith(LINE, 3, LINE.length, Bytes.ascii("authentication user="))).isTrue();
        assertThat(Bytes.startsWith(LINE, 3, LINE.length, Bytes.ascii("authentication usex="))).isFalse();
        assertThat(Bytes.startsWith(LINE, 3, LINE.length, Bytes.ascii("xuthentication user="))).isFalse();
        assertThat(Bytes.startsWith(LINE, LINE.length - 16, LINE.length, Bytes.ascii(" result=permfail"))).isTrue();
        assertThat(Bytes.startsWith(LINE, LINE.length - 15, LINE.length, Bytes.ascii(" result=permfail"))).isFalse();
        assertThat(Bytes.startsWith(LINE, 3, 10, Bytes.ascii("authentication"))).as("past the range end").isFalse();
        assertThat(Bytes.startsWith(LINE, -1, LINE.length, Bytes.ascii("x"))).isFalse();
        assertThat(Bytes.startsWith(LINE, LINE.length, LINE.length, new byte[0])).isTrue();
    }

    @Test
    void equalsNeedsTheSameLength() {
        assertThat(Bytes.equals(LINE, 0, 2, Bytes.ascii("xx"))).isTrue();
        assertThat(Bytes.equals(LINE, 0, 3, Bytes.ascii("xx"))).isFalse();
        assertThat(Bytes.equals(LINE, 3, 17, Bytes.ascii("authentication"))).isTrue();
    }
}
