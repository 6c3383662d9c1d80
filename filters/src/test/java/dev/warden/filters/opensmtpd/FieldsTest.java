package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class FieldsTest {

    @Test
    void addressBitsAgreeWithAddress() {
        String[] cases = {"192.0.2.1", "local", "IPv6:2001:db8::1", "[2001:db8::2]", "2001:db8::3", "::ffff:192.0.2.7",
                "IPv6:::ffff:192.0.2.8", "[192.0.2.9]", "IPv6:192.0.2.10", "[]", "IPv6:", "01.2.3.4", "unknown",
                "fe80::1%em0", "[::ffff:c000:020b]"};
        for (String c : cases) {
            byte[] b = b("x" + c + "y");
            long[] out = new long[2];
            IpAddress expected = Fields.address(b, 1, b.length - 1);
            boolean ok = Fields.addressBits(b, 1, b.length - 1, out);
            assertThat(ok).as(c).isEqualTo(expected != null);
            if (ok) {
                assertThat(IpAddress.ofIpv6(out[0], out[1])).as(c).isEqualTo(expected);
            }
        }
        byte[] v4 = b("192.0.2.1");
        long[] out = new long[2];
        assertThat(Fields.addressBits(v4, 0, v4.length, out)).isTrue();
        assertThat(IpAddress.ofIpv6(out[0], out[1])).hasToString("192.0.2.1");
        assertThat(Fields.address(b("local"), 0, 5)).isNull();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void resultIsTheLastResultFieldEndingTheLine() {
        String line = "x failed-command command=\"a\" result=\"500 b\" result=\"535 Authentication failed\"";
        byte[] l = b(line);
        int r = Fields.result(l, 1, l.length);
        assertThat(Fields.code(l, r)).isEqualTo(535);
        assertThat(Fields.result(b(line + " "), 1, l.length + 1)).as("must end the line").isNegative();
        assertThat(Fields.result(b("x result=\"5x5 y\""), 1, 16)).isNegative();
        byte[] empty = b("x result=\"\"");
        assertThat(Fields.result(empty, 1, empty.length)).isNegative();
    }

    @Test
    void resultAgreesWithAPlainSearch() {
        Random r = new Random(5);
        String alphabet = "\" result=5031x\u00ff";
        for (int n = 0; n < 200_000; n++) {
            StringBuilder s = new StringBuilder();
            int len = r.nextInt(60);
            for (int i = 0; i < len; i++) {
                int c = r.nextInt(alphabet.length());
                s.append(r.nextInt(4) == 0 ? " result=\"" : alphabet.substring(c, c + 1));
            }
            byte[] l = b(s.toString());
            int from = l.length == 0 ? 0 : r.nextInt(l.length);
            int end = from + (l.length == from ? 0 : r.nextInt(l.length - from + 1));
            assertThat(Fields.result(l, from, end)).as("%s [%d,%d)", s, from, end).isEqualTo(naiveResult(l, from, end));
        }
    }

    @Test
    void reasonIsReadFromTheEnd() {
        assertThat(reason(" reason=quit")).isEqualTo(Fields.QUIT);
        assertThat(reason(" reason=quitx")).isEqualTo(Fields.OTHER);
        assertThat(reason(" reason=tls-accept-failed")).isEqualTo(Fields.TLS);
        assertThat(reason(" reason=ca-failure")).isEqualTo(Fields.TLS);
        assertThat(reason(" reason=no-client-cert")).isEqualTo(Fields.OTHER);
        assertThat(reason(" reason=\"io-error: handshake failed: x\"")).isEqualTo(Fields.TLS);
        assertThat(reason(" reason=\"io-error: error:1408F10B:SSL routines\"")).isEqualTo(Fields.TLS);
        assertThat(reason(" reason=\"io-error: Connection reset by peer\"")).isEqualTo(Fields.OTHER);
        assertThat(reason(" reason=\"io-error: handshake failed")).as("unterminated").isEqualTo(Fields.OTHER);
        assertThat(reason(" address=a host=x reason=\"io-error: handshake failed\" reason=quit"))
                .isEqualTo(Fields.QUIT);
        assertThat(reason(" host=reason=quit")).isEqualTo(Fields.OTHER);
        assertThat(reason(" user=x\"reason=quit")).as("not a field of its own").isEqualTo(Fields.OTHER);
        assertThat(reason("")).isEqualTo(Fields.OTHER);
    }

    private static int reason(String s) {
        byte[] l = b(s);
        return Fields.reason(l, 0, l.length);
    }

    private static int naiveResult(byte[] l, int from, int end) {
        byte[] key = b(" result=\"");
        if (end - from < key.length + 4 || l[end - 1] != '"') {
            return -1;
        }
        for (int i = end - 1 - key.length; i >= from; i--) {
            if (LineBytes.startsWith(l, i, end - 1, key)) {
                int r = i + key.length;
                boolean digits = r + 3 < end && Character.isDigit(l[r]) && Character.isDigit(l[r + 1])
                        && Character.isDigit(l[r + 2]);
                return digits ? r : -1;
            }
        }
        return -1;
    }
}
