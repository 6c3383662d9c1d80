package dev.warden.filters.regex;

/**
 * A reusable {@link CharSequence} over a byte range read as Latin-1 (one char per byte): lets re2j look at a
 * program name without allocating a String per line. Program names are ASCII; any other byte is a char of
 * its own, so a non-ASCII name simply does not match an ASCII pattern. One thread.
 */
final class ByteChars implements CharSequence {

    private byte[] b = new byte[0];
    private int from;
    private int length;

    /** Points this view at {@code bytes[from, to)}; returns it. */
    ByteChars reset(byte[] bytes, int start, int end) {
        this.b = bytes;
        this.from = start;
        this.length = end - start;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (b[from + index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(b, from, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
