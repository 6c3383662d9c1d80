package dev.warden.core.state;

import com.sun.security.auth.module.UnixSystem;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a state directory must be before Warden reads or writes anything in it, and how its files are
 * opened. The state decides what the firewall blocks and the daemon runs as root, so whoever can write
 * the directory could ban anyone, lift any ban, or have root write through a planted link.
 * <ul>
 *   <li>The directory itself, not a symbolic link to one, owned by the user Warden runs as, with no
 *       permission for group or others (mode 700). Where the file system has no POSIX owners and
 *       permissions (Windows), only the link rule applies.</li>
 *   <li>Each file Warden keeps there ({@code state}, {@code state.1}, {@code journal}, {@code lock}) is a
 *       regular file or absent, never a symbolic link; every file is opened without following links, and
 *       new ones are created exclusively ({@code CREATE_NEW}) after a stale one is unlinked.</li>
 * </ul>
 * A directory that breaks a rule is refused with an {@link UntrustedDirectoryException}; nothing repairs
 * it behind the operator's back.
 */
final class TrustedDirectory {

    private static final Set<PosixFilePermission> GROUP = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private TrustedDirectory() {
    }

    /**
     * Checks the existing directory {@code dir} and, in it, the files {@code names}.
     *
     * @throws UntrustedDirectoryException naming {@code dir}, what is wrong and the fix
     * @throws IOException if the directory's attributes cannot be read (no such directory, no permission)
     */
    static void check(Path dir, List<String> names) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (basic.isSymbolicLink()) {
            throw refused(dir, "a symbolic link to " + Files.readSymbolicLink(dir) + ", not a directory",
                    "set state-dir to the directory itself");
        }
        if (!basic.isDirectory()) {
            throw refused(dir, "not a directory", "set state-dir to a directory, or remove this file");
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            checkOwnerAndMode(dir);
        }
        for (String name : names) {
            checkFile(dir.resolve(name));
        }
    }

    /** The whole of {@code file}, read without following a link. */
    static byte[] read(Path file) throws IOException {
        try (FileChannel ch = open(file, EnumSet.of(StandardOpenOption.READ))) {
            return Channels.newInputStream(ch).readAllBytes();
        }
    }

    /**
     * {@link FileChannel#open} with {@link LinkOption#NOFOLLOW_LINKS} added to {@code options}.
     *
     * @throws UntrustedDirectoryException if {@code file} is a symbolic link
     */
    static FileChannel open(Path file, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        Set<OpenOption> noFollow = new HashSet<>(options);
        noFollow.add(LinkOption.NOFOLLOW_LINKS);
        try {
            return FileChannel.open(file, noFollow, attributes);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            if (Files.isSymbolicLink(file)) {
                throw linked(file);
            }
            throw e;
        }
    }

    private static void checkOwnerAndMode(Path dir) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        UnixSystem self = new UnixSystem();
        String me = self.getUsername() != null ? self.getUsername() : String.valueOf(self.getUid());
        List<String> wrong = new ArrayList<>();
        if (owner != self.getUid()) {
            wrong.add("owned by " + user(attributes.owner().getName(), owner) + ", not by this user (" + me + ")");
        }
        String open = openTo(attributes.permissions());
        if (!open.isEmpty()) {
            wrong.add("mode " + mode(attributes.permissions()) + " gives access to " + open);
        }
        if (!wrong.isEmpty()) {
            throw refused(dir, String.join(", and ", wrong), "chown " + me + " " + dir + "; chmod 700 " + dir);
        }
    }

    private static void checkFile(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (a.isSymbolicLink()) {
            throw linked(file);
        }
        if (!a.isRegularFile()) {
            throw refused(file.getParent(), file + " is not a regular file", "remove it");
        }
    }

    private static UntrustedDirectoryException linked(Path file) {
        String target;
        try {
            target = " to " + Files.readSymbolicLink(file);
        } catch (IOException e) {
            target = "";
        }
        return refused(file.getParent(), file + " is a symbolic link" + target,
                "remove it: Warden creates its own files");
    }

    private static UntrustedDirectoryException refused(Path dir, String wrong, String fix) {
        return new UntrustedDirectoryException("state directory " + dir + ": " + wrong + "; refusing it (" + fix + ")");
    }

    /** {@code nobody (uid 65534)}, or {@code uid 1000} for a uid without a name. */
    private static String user(String name, int uid) {
        return name.equals(String.valueOf(uid)) ? "uid " + uid : name + " (uid " + uid + ")";
    }

    /** Who besides the owner {@code permissions} let in: "its group", "others", both, or "". */
    private static String openTo(Set<PosixFilePermission> permissions) {
        boolean group = permissions.stream().anyMatch(GROUP::contains);
        boolean others = permissions.stream().anyMatch(OTHERS::contains);
        return group && others ? "its group and others" : group ? "its group" : others ? "others" : "";
    }

    /** {@code 0750}. */
    private static String mode(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 0400 >> p.ordinal();
        }
        return String.format("0%o", bits);
    }
}
