import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The seed awk script's job and nothing else, as fast as we could write it in plain Java 17: the JVM's
 * mark for `warden scan` in bench/scan-bench.sh ("java seed-only"). Not part of Warden, never shipped.
 *
 * <p>A reader thread fills 1 MiB blocks with whole lines (the same reads as Warden's reader); the main
 * thread finds each line's end eight bytes at a time, finds the tag's {@code ": "}, reads the OpenSMTPD
 * session id there as a 64-bit number (eight hex digits at a time), maps it to the address on
 * {@code smtp connected}, forgets it on {@code smtp disconnected}, counts {@code smtp authentication ...
 * result=permfail} per address, and prints the addresses counted more than ten times as the log writes
 * them (the {@code IPv6:} prefix kept, as awk prints them). No time, no host or program, no windows, no
 * ignore list, no configuration: what Warden does besides is what its scan pays above this program.
 *
 * <p>Usage: {@code java -cp DIR SeedOnly MAILLOG}; stdout the addresses, stderr their count.
 */
public final class SeedOnly {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int BLOCK = 1 << 20;
    private static final int POOL = 8;

    private SeedOnly() {
    }

    public static void main(String[] args) throws Exception {
        byte[][] blocks = new byte[POOL][];
        BlockingQueue<Integer> free = new ArrayBlockingQueue<>(POOL);
        BlockingQueue<int[]> full = new ArrayBlockingQueue<>(POOL + 1); // {block, length}; {-1, 0} at the end
        for (int i = 0; i < POOL; i++) {
            blocks[i] = new byte[BLOCK];
            free.add(i);
        }
        Thread reader = new Thread(() -> read(args[0], blocks, free, full), "reader");
        reader.setDaemon(true);
        reader.start();
        Sessions sessions = new Sessions();
        Map<String, int[]> counts = new HashMap<>();
        while (true) {
            int[] m = full.take();
            if (m[0] < 0) {
                break;
            }
            scan(blocks[m[0]], m[1], sessions, counts);
            free.put(m[0]);
        }
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            if (e.getValue()[0] > 10) {
                out.append(e.getKey()).append('\n');
                n++;
            }
        }
        System.out.print(out);
        System.err.println(n + " addresses");
    }

    private static void read(String file, byte[][] blocks, BlockingQueue<Integer> free, BlockingQueue<int[]> full) {
        try (FileInputStream in = new FileInputStream(file)) {
            byte[] carry = new byte[BLOCK];
            int carried = 0;
            while (true) {
                int k = free.take();
                byte[] b = blocks[k];
                System.arraycopy(carry, 0, b, 0, carried);
                int fill = carried;
                boolean eof = false;
                while (fill < BLOCK) {
                    int r = in.read(b, fill, BLOCK - fill);
                    if (r < 0) {
                        eof = true;
                        break;
                    }
                    fill += r;
                }
                int length = fill;
                carried = 0;
                if (!eof) {
                    while (b[length - 1] != '\n') {
                        length--;
                    }
                    carried = fill - length;
                    System.arraycopy(b, length, carry, 0, carried);
                }
                full.put(new int[] {k, length});
                if (eof) {
                    full.put(new int[] {-1, 0});
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Lines of {@code Mmm dd hh:mm:ss host smtpd[pid]: SESSIONID smtp EVENT ...}. */
    private static void scan(byte[] b, int length, Sessions sessions, Map<String, int[]> counts) {
        int p = 0;
        while (p < length) {
            int nl = find(b, p, length, '\n');
            int colon = find(b, p + 16, nl, ':');
            while (colon < nl - 1 && b[colon + 1] != ' ') {
                colon = find(b, colon + 1, nl, ':');
            }
            int id = colon + 2;
            int event = id + 22; // after "SESSIONID smtp "
            if (event + 18 < nl && b[id + 16] == ' ' && b[id + 17] == 's' && b[id + 20] == 'p' && b[id + 21] == ' ') {
                byte c = b[event];
                if (c == 'c' && b[event + 3] == 'n' && b[event + 9] == ' ') {           // connected address=A
                    int a = event + 18;
                    int e = find(b, a, nl, ' ');
                    sessions.put(hex(b, id), new String(b, a, e - a, StandardCharsets.ISO_8859_1));
                } else if (c == 'd' && b[event + 3] == 'c') {                            // disconnected
                    sessions.remove(hex(b, id));
                } else if (c == 'a' && b[event + 1] == 'u' && endsWith(b, event, nl, "result=permfail")) {
                    String address = sessions.get(hex(b, id));
                    if (address != null) {
                        counts.computeIfAbsent(address, k -> new int[1])[0]++;
                    }
                }
            }
            p = nl + 1;
        }
    }

    private static boolean endsWith(byte[] b, int from, int end, String suffix) {
        int n = suffix.length();
        if (end - from < n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[end - n + i] != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The first {@code c} in {@code b[p, end)}, eight bytes at a time; {@code end} when none. */
    private static int find(byte[] b, int p, int end, char c) {
        long pattern = 0x0101010101010101L * c;
        int i = p;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long t = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        while (i < end && b[i] != c) {
            i++;
        }
        return i;
    }

    /** Sixteen hex digits at {@code p} as their 64-bit value. */
    private static long hex(byte[] b, int p) {
        return half((long) LONGS.get(b, p)) << 32 | half((long) LONGS.get(b, p + 8));
    }

    /** Eight hex digits (as read little-endian) as their 32-bit value. */
    private static long half(long x) {
        long v = (x & 0x0f0f0f0f0f0f0f0fL) + ((x & 0x4040404040404040L) >>> 6) * 9; // each byte its digit
        v = Long.reverseBytes(v);                                                   // first digit highest
        v = (v | v >>> 4) & 0x00ff00ff00ff00ffL;
        v = (v | v >>> 8) & 0x0000ffff0000ffffL;
        return (v | v >>> 16) & 0xffffffffL;
    }

    /** Session id to address: open addressing with linear probing, deletion by moving the run back. */
    private static final class Sessions {
        private long[] keys = new long[1 << 16];
        private String[] values = new String[1 << 16];
        private int size;

        private int slot(long k) {
            int mask = keys.length - 1;
            int h = (int) (k ^ k >>> 32) * 0x9E3779B9 & mask;
            while (values[h] != null && keys[h] != k) {
                h = h + 1 & mask;
            }
            return h;
        }

        void put(long k, String v) {
            int h = slot(k);
            if (values[h] == null) {
                size++;
            }
            keys[h] = k;
            values[h] = v;
            if (size * 2 > keys.length) {
                grow();
            }
        }

        String get(long k) {
            return values[slot(k)];
        }

        void remove(long k) {
            int mask = keys.length - 1;
            int h = slot(k);
            if (values[h] == null) {
                return;
            }
            values[h] = null;
            size--;
            for (int j = h + 1 & mask; values[j] != null; j = j + 1 & mask) {
                long kk = keys[j];
                String vv = values[j];
                values[j] = null;
                size--;
                put(kk, vv);
            }
        }

        private void grow() {
            long[] k = keys;
            String[] v = values;
            keys = new long[k.length * 2];
            values = new String[v.length * 2];
            size = 0;
            for (int i = 0; i < k.length; i++) {
                if (v[i] != null) {
                    put(k[i], v[i]);
                }
            }
        }
    }
}
