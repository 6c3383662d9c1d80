package dev.warden.core.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which file a path names: device and inode, as {@code stat(2)} gives them. Two identities are equal
 * when they name the same file; a renamed file keeps its identity, a newly created one gets another
 * (though a filesystem may reuse the inode of a deleted file, which is why {@link FilePosition} also
 * keeps a fingerprint of the file's first bytes).
 *
 * <p>Read through the {@code unix} attribute view where the JDK supports it (Linux, the BSDs, macOS);
 * otherwise from {@link BasicFileAttributes#fileKey()} (its {@code (dev=…,ino=…)} form is parsed,
 * any other key is hashed with {@code device = -1}); {@link #UNKNOWN} when neither is available, in
 * which case followers rely on size and fingerprint alone.
 */
public record FileIdentity(long device, long inode) {

    /** No identity available on this filesystem. */
    public static final FileIdentity UNKNOWN = new FileIdentity(0, 0);

    private static final Pattern UNIX_KEY = Pattern.compile("\\(dev=([0-9a-fA-F]+),ino=(\\d+)\\)");

    /**
     * The identity of the file {@code path} names now (following symbolic links).
     *
     * @throws java.nio.file.NoSuchFileException if there is no such file
     */
    public static FileIdentity of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            Object dev = a.get("dev");
            Object ino = a.get("ino");
            if (dev instanceof Number d && ino instanceof Number i) {
                return new FileIdentity(d.longValue(), i.longValue());
            }
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            // fall through to the file key
        }
        return fromFileKey(Files.readAttributes(path, BasicFileAttributes.class).fileKey());
    }

    static FileIdentity fromFileKey(Object key) {
        if (key == null) {
            return UNKNOWN;
        }
        Matcher m = UNIX_KEY.matcher(key.toString());
        if (m.matches()) {
            return new FileIdentity(Long.parseUnsignedLong(m.group(1), 16), Long.parseLong(m.group(2)));
        }
        return new FileIdentity(-1, Fingerprint.hash(key.toString()));
    }

    /** Whether this names a file at all (not {@link #UNKNOWN}). */
    public boolean known() {
        return !equals(UNKNOWN);
    }

    /** Stable text form {@code device:inode}, read back by {@link #parse}. */
    public String toText() {
        return device + ":" + inode;
    }

    /** Reads {@link #toText()}. @throws IllegalArgumentException if malformed */
    public static FileIdentity parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a file identity (device:inode): " + text);
        }
        try {
            return new FileIdentity(Long.parseLong(text.substring(0, colon)), Long.parseLong(text.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a file identity (device:inode): " + text, e);
        }
    }
}
