package dev.warden.core.engine;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BanBookTest {

    private static final IpAddress A = IpAddress.parse("192.0.2.1").orElseThrow();
    private static final IpAddress B = IpAddress.parse("2001:db8::1").orElseThrow();

    /**
     * The jail's per-failure question in epoch milliseconds answers as the Instant one does, at the edges
     * of a ban whose start and end fall between two milliseconds, before 1970 and on whole milliseconds.
     */
    @Test
    void activeAtInMillisAgreesWithActiveAtAnInstantToTheNanosecond() {
        Instant[][] spans = {
            {Instant.ofEpochSecond(1_700_000_000L, 500_000), Instant.ofEpochSecond(1_700_000_060L, 999_999_999)},
            {Instant.ofEpochMilli(1_700_000_000_123L), Instant.ofEpochMilli(1_700_000_000_125L)},
            {Instant.ofEpochSecond(-10, 1), Instant.ofEpochSecond(-1, 999_000_000)},
            {Instant.ofEpochSecond(-1, 500_000_001), Instant.ofEpochSecond(0, 1_000_001)},
        };
        for (Instant[] span : spans) {
            BanBook book = new BanBook();
            book.record(new Ban("j", A, span[0], span[1], 3, Ban.Origin.AUTOMATIC));
            long from = span[0].toEpochMilli() - 3;
            long to = span[1].toEpochMilli() + 3;
            for (long t = from; t <= to; t++) {
                Ban expected = book.activeAt(A, Instant.ofEpochMilli(t));
                assertThat(book.activeAt(A, t)).as("%s at %d ms", java.util.Arrays.toString(span), t)
                        .isSameAs(expected);
                assertThat(book.activeAt(B, t)).isNull();
            }
        }
    }

    @Test
    void aBanIsInForceFromItsStartUpToButExcludingItsEnd() {
        BanBook book = new BanBook();
        Ban ban = book.record(new Ban("j", A, Instant.ofEpochMilli(1000), Instant.ofEpochMilli(2000), 3,
                Ban.Origin.AUTOMATIC));
        assertThat(book.activeAt(A, 999L)).isNull();
        assertThat(book.activeAt(A, 1000L)).isSameAs(ban);
        assertThat(book.activeAt(A, 1999L)).isSameAs(ban);
        assertThat(book.activeAt(A, 2000L)).isNull();
    }
}
