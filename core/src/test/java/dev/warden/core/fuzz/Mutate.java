package dev.warden.core.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random inputs and mutations of real ones, on bytes and on lines, for {@link Fuzz} generators. Every
 * method takes the {@link Random} to draw from and returns a new array or list; inputs are not changed.
 * A <em>dictionary</em> is a list of byte strings worth inserting (field markers, addresses, keywords of
 * the format under test), so that mutations reach past the first check a parser makes.
 */
public final class Mutate {

    /** Bytes that separate or end fields in most formats, and the ones that are not text. */
    private static final byte[] SPECIAL = {0, '\n', '\r', '\t', ' ', ':', '.', ',', '[', ']', '(', ')', '"', '\'',
        '=', '-', '#', '{', '}', '%', '\\', '0', '1', '9', 'a', 'f', 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};

    private Mutate() {
    }

    /**
     * Up to {@code max} random bytes: mostly printable ASCII, with blanks, separators, control bytes and
     * bytes that are not UTF-8 mixed in, and now and then a dictionary word.
     */
    public static byte[] randomBytes(Random r, int max, List<byte[]> dictionary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = r.nextInt(max + 1);
        while (out.size() < n) {
            int k = r.nextInt(10);
            if (k < 6) {
                out.write(0x20 + r.nextInt(0x5f));
            } else if (k < 8) {
                out.write(SPECIAL[r.nextInt(SPECIAL.length)]);
            } else if (k < 9 || dictionary.isEmpty()) {
                out.write(r.nextInt(256));
            } else {
                out.writeBytes(dictionary.get(r.nextInt(dictionary.size())));
            }
        }
        return out.toByteArray();
    }

    /**
     * {@code in} after one to four random edits: a bit flipped, a byte set to a separator, random bytes or
     * a dictionary word inserted, a range deleted or doubled, the end cut off, or a splice of the start of
     * {@code in} with the end of one of the {@code donors}.
     */
    public static byte[] bytes(Random r, byte[] in, List<byte[]> donors, List<byte[]> dictionary) {
        byte[] b = in;
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            b = edit(r, b, donors, dictionary);
        }
        return b;
    }

    private static byte[] edit(Random r, byte[] b, List<byte[]> donors, List<byte[]> dictionary) {
        int at = r.nextInt(b.length + 1);
        switch (r.nextInt(9)) {
            case 0 -> {
                return flipBits(r, b, 1);
            }
            case 1 -> {
                return b.length == 0 ? b : set(b, Math.min(at, b.length - 1), SPECIAL[r.nextInt(SPECIAL.length)]);
            }
            case 2 -> {
                return insert(b, at, randomBytes(r, 12, List.of()));
            }
            case 3, 4 -> {
                return dictionary.isEmpty() ? b : insert(b, at, dictionary.get(r.nextInt(dictionary.size())));
            }
            case 5 -> {
                int to = Math.min(b.length, at + 1 + r.nextInt(16));
                return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, to, b.length));
            }
            case 6 -> {
                int to = Math.min(b.length, at + 1 + r.nextInt(32));
                return insert(b, at, Arrays.copyOfRange(b, at, to));
            }
            case 7 -> {
                return Arrays.copyOf(b, at);
            }
            default -> {
                if (donors.isEmpty()) {
                    return b;
                }
                byte[] d = donors.get(r.nextInt(donors.size()));
                return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(d, r.nextInt(d.length + 1), d.length));
            }
        }
    }

    /** {@code in} with {@code n} bits flipped at random places (the same bit may flip back); empty stays empty. */
    public static byte[] flipBits(Random r, byte[] in, int n) {
        byte[] b = in.clone();
        for (int i = 0; i < n && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            b[at] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
    }

    /**
     * {@code items} after one to three random edits: two swapped, one moved, one repeated, or one removed.
     */
    public static <T> List<T> reorder(Random r, List<T> items) {
        List<T> l = new ArrayList<>(items);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !l.isEmpty(); e++) {
            int i = r.nextInt(l.size());
            int j = r.nextInt(l.size());
            switch (r.nextInt(4)) {
                case 0 -> {
                    T t = l.get(i);
                    l.set(i, l.get(j));
                    l.set(j, t);
                }
                case 1 -> l.add(j, l.remove(i));
                case 2 -> l.add(j, l.get(i));
                default -> l.remove(i);
            }
        }
        return l;
    }

    /** The lines of {@code text}, without their {@code \n}; a last line without one is a line too. */
    public static List<byte[]> lines(byte[] text) {
        List<byte[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n') {
                out.add(Arrays.copyOfRange(text, start, i));
                start = i + 1;
            }
        }
        if (start < text.length) {
            out.add(Arrays.copyOfRange(text, start, text.length));
        }
        return out;
    }

    /** {@code lines}, each followed by {@code \n}. */
    public static byte[] join(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            out.writeBytes(l);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The pieces one after the other. */
    public static byte[] concat(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pieces.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The UTF-8 bytes of each word, for a dictionary. */
    public static List<byte[]> words(String... words) {
        List<byte[]> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * Bytes for a failure message: printable ASCII as is, a newline as a newline, every other byte as
     * {@code \xNN}.
     */
    public static String show(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length + 16);
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\n' || c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.toString();
    }

    private static byte[] set(byte[] b, int at, byte value) {
        byte[] c = b.clone();
        c[at] = value;
        return c;
    }

    private static byte[] insert(byte[] b, int at, byte[] what) {
        byte[] c = new byte[b.length + what.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(what, 0, c, at, what.length);
        System.arraycopy(b, at, c, at + what.length, b.length - at);
        return c;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return concat(List.of(a, b));
    }
}
