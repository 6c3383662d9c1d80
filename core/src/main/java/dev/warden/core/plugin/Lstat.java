package dev.warden.core.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code lstat(2)} says of one path: a symbolic link is described itself, never followed.
 *
 * @param mode the whole {@code st_mode}: file type, set-id and sticky bits, permissions
 * @param owner the owner's user name, or its uid when it has none
 * @param fileKey device and inode: the same key is the same file
 */
record Lstat(Path path, int mode, int uid, String owner, Object fileKey, long size, FileTime modified,
             FileTime changed) {

    private static final int TYPE = 0170000;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int LINK = 0120000;
    private static final int STICKY = 01000;
    private static final int GROUP_WRITE = 020;
    private static final int OTHER_WRITE = 02;

    /**
     * @throws IOException when {@code path} cannot be examined, or its file system keeps no Unix owners and
     *     modes
     */
    static Lstat of(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,owner,fileKey,size,lastModifiedTime,ctime",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            throw new IOException("its file system has no Unix owners and modes", e);
        }
        return new Lstat(path, (Integer) a.get("mode"), (Integer) a.get("uid"),
                ((UserPrincipal) a.get("owner")).getName(), a.get("fileKey"), (Long) a.get("size"),
                (FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime"));
    }

    boolean isLink() {
        return (mode & TYPE) == LINK;
    }

    boolean isDirectory() {
        return (mode & TYPE) == DIRECTORY;
    }

    boolean isRegularFile() {
        return (mode & TYPE) == REGULAR;
    }

    boolean isSticky() {
        return (mode & STICKY) != 0;
    }

    /** {@code group}, {@code other}, {@code group and other}, or null when neither may write. */
    String writableBy() {
        boolean group = (mode & GROUP_WRITE) != 0;
        boolean other = (mode & OTHER_WRITE) != 0;
        return group && other ? "group and other" : group ? "group" : other ? "other" : null;
    }

    /** The permission bits as {@code chmod} takes them: {@code 0755}, {@code 1777}. */
    String modeText() {
        return String.format("%04o", mode & 07777);
    }

    /** {@code nobody (uid 65534)}, or {@code uid 1234} for a uid without a name. */
    String ownerText() {
        return owner.equals(Integer.toString(uid)) ? "uid " + uid : owner + " (uid " + uid + ")";
    }

    /**
     * Whether {@code later} is this same file with the same content as far as {@code lstat} can tell: same
     * device and inode, size, modification and change times.
     */
    boolean unchanged(Lstat later) {
        return Objects.equals(fileKey, later.fileKey) && size == later.size && modified.equals(later.modified)
                && changed.equals(later.changed);
    }
}
