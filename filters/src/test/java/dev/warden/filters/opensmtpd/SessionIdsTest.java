package dev.warden.filters.opensmtpd;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SessionIdsTest {

    @Test
    void parsesLikeLongParseUnsignedLong() {
        Random r = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long v = r.nextLong();
            String hex = String.format("%016x", v);
            byte[] b = ("x" + hex + " smtp").getBytes(StandardCharsets.US_ASCII);
            assertThat(SessionIds.isId(b, 1)).isTrue();
            assertThat(SessionIds.parse(b, 1)).isEqualTo(v);
        }
        byte[] edge = "0000000000000000ffffffffffffffff".getBytes(StandardCharsets.US_ASCII);
        assertThat(SessionIds.parse(edge, 0)).isZero();
        assertThat(SessionIds.parse(edge, 16)).isEqualTo(-1L);
    }

    @Test
    void acceptsOnlyLowerCaseHexDigitsAtEveryPosition() {
        for (int pos = 0; pos < SessionIds.LENGTH; pos++) {
            for (int c = 0; c < 256; c++) {
                byte[] b = "5f3e1a01c0ffee01".getBytes(StandardCharsets.US_ASCII);
                b[pos] = (byte) c;
                boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f';
                assertThat(SessionIds.isId(b, 0)).as("byte %d at %d", c, pos).isEqualTo(hex);
            }
        }
    }
}
