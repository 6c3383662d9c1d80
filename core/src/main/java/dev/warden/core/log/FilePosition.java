package dev.warden.core.log;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where following a log file got to: the file (path and identity), the offset just after the last
 * complete line handed out, and a fingerprint of the file's first {@code fingerprintLength} bytes so
 * that a file replaced by another one that reuses the inode is not taken for the old one. Immutable;
 * {@link #toText()} and {@link #parse} give a stable one-line form for persisting.
 *
 * @param path the followed path, never null
 * @param identity the file the path named when this was taken ({@link FileIdentity#UNKNOWN} if none)
 * @param offset bytes of that file read as complete lines, {@code >= 0}
 * @param fingerprint hash of the first {@code fingerprintLength} bytes (see {@link Fingerprint})
 * @param fingerprintLength how many leading bytes the fingerprint covers, 0 to 256 (0: none yet)
 */
public record FilePosition(Path path, FileIdentity identity, long offset, long fingerprint, int fingerprintLength) {

    public FilePosition {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(identity, "identity");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (fingerprintLength < 0 || fingerprintLength > Fingerprint.MAX_LENGTH) {
            throw new IllegalArgumentException("fingerprint length out of range: " + fingerprintLength);
        }
    }

    /**
     * One line: {@code dev:ino offset fingerprint-hex/length path}; the path is last and may contain
     * spaces; a backslash, newline or carriage return in it is escaped.
     */
    public String toText() {
        return identity.toText() + " " + offset + " " + Long.toHexString(fingerprint) + "/" + fingerprintLength
                + " " + escape(path.toString());
    }

    /** Reads {@link #toText()}. @throws IllegalArgumentException if malformed */
    public static FilePosition parse(String text) {
        String[] f = text.split(" ", 4);
        int slash = f.length == 4 ? f[2].indexOf('/') : -1;
        if (slash < 0) {
            throw new IllegalArgumentException("not a file position: " + text);
        }
        try {
            return new FilePosition(Path.of(unescape(f[3])), FileIdentity.parse(f[0]), Long.parseLong(f[1]),
                    Long.parseUnsignedLong(f[2].substring(0, slash), 16), Integer.parseInt(f[2].substring(slash + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a file position: " + text, e);
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
