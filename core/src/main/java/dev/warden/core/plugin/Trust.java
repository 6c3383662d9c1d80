package dev.warden.core.plugin;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Whether Warden may run the code of a plugin folder and its jars: only when nobody but root and the user
 * Warden runs as can change them, as sshd's {@code StrictModes} asks of {@code authorized_keys}.
 * <ul>
 *   <li>The folder, and every directory on its path up to {@code /}, is owned by root or that user and not
 *       writable by group or other. A root-owned directory with the sticky bit ({@code /tmp}) is accepted on
 *       the path, not as the folder: in it nobody but root and an entry's owner can rename or remove that
 *       entry, and the entry below it is checked in turn.</li>
 *   <li>The folder itself is not a symbolic link. A link on its path is followed, its target checked the
 *       same way from {@code /} (or from the link's directory), so that every directory the path goes
 *       through is checked, the one holding the link included.</li>
 *   <li>A jar is a regular file, not a symbolic link, owned by root or that user and not writable by group
 *       or other.</li>
 * </ul>
 * Checked by path with {@code lstat}, as Java has no {@code openat} or {@code fstat}: see
 * {@link PluginJar} for what the jar's reading adds, and docs/security.md for what remains.
 *
 * @param self the uid Warden runs as, trusted as root is
 */
record Trust(int self) {

    private static final int ROOT = 0;

    /** As Linux: more links than this on one path is a loop. */
    private static final int MAX_LINKS = 40;

    /** Trusts root and the real uid of this process; root alone where Java cannot tell that uid. */
    static Trust ofThisProcess() {
        try {
            return new Trust((int) new com.sun.security.auth.module.UnixSystem().getUid());
        } catch (LinkageError e) {
            return new Trust(ROOT); // no jdk.security.auth in this runtime: the stricter rule
        }
    }

    /**
     * Why no code may be loaded from {@code folder}, or empty when it may. The folder exists; whether it is a
     * directory is left to whoever lists it.
     */
    Optional<String> folderProblem(Path folder) {
        try {
            return walk(folder.toAbsolutePath());
        } catch (AccessDeniedException e) {
            return Optional.of("cannot check " + e.getFile() + " on its path: permission denied");
        } catch (IOException e) {
            return Optional.of("cannot check its path: " + e.getMessage());
        }
    }

    /**
     * Checks each directory the path goes through from {@code /}, following the links on the way, then the
     * folder it leads to.
     */
    private Optional<String> walk(Path folder) throws IOException {
        Deque<String> names = new ArrayDeque<>();
        Path at = follow(folder, null, names);
        Optional<String> problem = Optional.empty();
        int links = 0;
        while (problem.isEmpty() && !names.isEmpty()) {
            String name = names.removeFirst();
            if (name.equals(".") || name.equals("..")) {
                at = name.equals("..") && at.getParent() != null ? at.getParent() : at;
                continue;
            }
            problem = onPathProblem(Lstat.of(at));
            if (problem.isPresent()) {
                break;
            }
            Lstat entry = Lstat.of(at.resolve(name));
            if (!entry.isLink()) {
                at = entry.path();
            } else if (names.isEmpty()) {
                problem = Optional.of("a symbolic link (to " + Files.readSymbolicLink(entry.path())
                        + "); name the folder itself");
            } else if (++links > MAX_LINKS) {
                problem = Optional.of("more than " + MAX_LINKS + " symbolic links on its path");
            } else {
                at = follow(Files.readSymbolicLink(entry.path()), at, names);
            }
        }
        return problem.isPresent() ? problem : entryProblem(Lstat.of(at), false);
    }

    /** Why this jar (described as found, not following a link) may not be loaded, or empty. */
    Optional<String> jarProblem(Lstat jar) throws IOException {
        if (jar.isLink()) {
            return Optional.of("a symbolic link (to " + Files.readSymbolicLink(jar.path())
                    + "); put the jar itself in the plugin folder");
        }
        if (!jar.isRegularFile()) {
            return Optional.of("not a regular file");
        }
        return entryProblem(jar, false);
    }

    /**
     * Puts the names of {@code target} (a folder, or a link's target) before the names left; returns the
     * directory they start from: the root for an absolute target, else {@code at}.
     */
    private static Path follow(Path target, Path at, Deque<String> names) {
        List<String> first = new ArrayList<>();
        target.forEach(n -> first.add(n.toString()));
        for (int i = first.size() - 1; i >= 0; i--) {
            names.addFirst(first.get(i));
        }
        return target.isAbsolute() ? target.getRoot() : at;
    }

    /** What is wrong with a directory the folder's path goes through, or empty. */
    private Optional<String> onPathProblem(Lstat directory) {
        if (!directory.isDirectory()) {
            return Optional.of(directory.path() + " on its path is not a directory");
        }
        return entryProblem(directory, true).map(p -> directory.path() + " on its path is " + p);
    }

    /**
     * What is wrong with this file's owner and mode ({@code owned by ..., not by root or the user Warden runs
     * as, and writable by group (mode 0775)}), or empty.
     *
     * @param onPath whether it is a directory above the folder, where a root-owned sticky one is accepted
     */
    private Optional<String> entryProblem(Lstat entry, boolean onPath) {
        List<String> wrong = new ArrayList<>();
        if (entry.uid() != ROOT && entry.uid() != self) {
            wrong.add("owned by " + entry.ownerText() + ", not by root or the user Warden runs as");
        }
        String writable = entry.writableBy();
        boolean stickyRoot = onPath && entry.isSticky() && entry.uid() == ROOT;
        if (writable != null && !stickyRoot) {
            wrong.add("writable by " + writable + " (mode " + entry.modeText() + ")");
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", wrong));
    }
}
