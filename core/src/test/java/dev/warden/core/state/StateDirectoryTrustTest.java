package dev.warden.core.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A state directory is trusted only when nobody but the user Warden runs as can change it, and no file in
 * it is written or read through a symbolic link (issue 12, finding 4): {@link StateStore#open} (the live
 * run) and {@link StateStore#peek} (a dry run) refuse it before reading or writing anything.
 */
class StateDirectoryTrustTest {

    /** What a test plants a link to: it must be exactly this afterwards. */
    private static final String PRECIOUS = "root:x:0:0:root:/root:/bin/sh\n";

    @TempDir
    Path tmp;

    @Test
    void aDirectoryOwnedByAnotherUserIsRefusedByTheLiveRunAndTheDryRun() throws Exception {
        assumeTrue(me().equals("root"), "only root can give a directory away");
        Path dir = ownerOnlyDirectory("state");
        Map<String, FileTime> before = withState(dir);
        UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(dir, nobody);
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        String message = "state directory " + dir + ": owned by nobody (uid " + uid + "), not by this user (root);"
                + " refusing it (chown root " + dir + "; chmod 700 " + dir + ")";

        assertRefused(dir, message);
        assertThatThrownBy(() -> StateStore.check(dir)).isInstanceOf(UntrustedDirectoryException.class)
                .hasMessage(message);
        assertThat(files(dir)).as("nothing written in it").isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource({"rwxr-x---, 0750, its group", "rwx---r--, 0704, others", "rwx-w--w-, 0722, its group and others",
            "rwx-----x, 0701, others", "rw-r-----, 0640, its group"})
    void anyPermissionForGroupOrOthersIsRefusedByTheLiveRunAndTheDryRun(String mode, String octal, String whom)
            throws Exception {
        Path dir = ownerOnlyDirectory("state");
        Map<String, FileTime> before = withState(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
        String message = "state directory " + dir + ": mode " + octal + " gives access to " + whom
                + "; refusing it (chown " + me() + " " + dir + "; chmod 700 " + dir + ")";

        assertRefused(dir, message);
        assertThat(files(dir)).as("nothing written in it").isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as("left as it was")
                .isEqualTo(mode);
    }

    @Test
    void aSymbolicLinkToAGoodDirectoryIsRefused() throws Exception {
        Path real = ownerOnlyDirectory("real");
        Map<String, FileTime> before = withState(real);
        Path link = Files.createSymbolicLink(tmp.resolve("state"), real);
        String message = "state directory " + link + ": a symbolic link to " + real + ", not a directory;"
                + " refusing it (set state-dir to the directory itself)";

        assertRefused(link, message);
        assertThat(files(real)).as("nothing written in it").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"state", "state.1", "journal", "lock"})
    void aSymbolicLinkPlantedAsOneOfItsFilesIsRefusedAndItsTargetUntouched(String name) throws Exception {
        Path dir = ownerOnlyDirectory("state");
        withState(dir);
        Files.deleteIfExists(dir.resolve(name));
        Path target = precious();
        Files.createSymbolicLink(dir.resolve(name), target);
        String message = "state directory " + dir + ": " + dir.resolve(name) + " is a symbolic link to " + target
                + "; refusing it (remove it: Warden creates its own files)";

        Throwable live = catchThrowable(() -> StateStore.open(dir));
        Throwable dry = catchThrowable(() -> StateStore.peek(dir));
        assertThat(Files.readString(target)).isEqualTo(PRECIOUS);
        assertThat(live).isInstanceOf(UntrustedDirectoryException.class).hasMessage(message);
        assertThat(dry).isInstanceOf(UntrustedDirectoryException.class).hasMessage(message);
    }

    /** Opening a FIFO to read it blocks until someone writes: before the check, a dry run hung here. */
    @Test
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoPlantedAsTheStateFileIsRefusedNotReadForever() throws Exception {
        Path dir = ownerOnlyDirectory("state");
        Path fifo = dir.resolve("state");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");

        assertThatThrownBy(() -> StateStore.peek(dir)).isInstanceOf(UntrustedDirectoryException.class)
                .hasMessage("state directory " + dir + ": " + fifo + " is not a regular file; refusing it (remove it)");
    }

    /**
     * A link planted while the store is open (after its checks): the journal's first append and the next
     * save unlink it and create a file of their own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"state.tmp", "journal"})
    void aSymbolicLinkPlantedWhileTheStoreIsOpenIsReplacedNotWrittenThrough(String name) throws Exception {
        Path dir = ownerOnlyDirectory("state");
        Path target = precious();
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(1));
            Files.createSymbolicLink(dir.resolve(name), target);
            store.appendBans(List.of(States.journaled(1)));
            assertWrittenBesideNotThrough(dir.resolve(StateStore.JOURNAL), target);
            store.save(States.numbered(2));
            assertWrittenBesideNotThrough(dir.resolve(StateStore.CURRENT), target);
            assertThat(store.load()).isEqualTo(States.numbered(2));
        }
        assertThat(dir.resolve(StateStore.TEMP)).doesNotExist();
    }

    @Test
    void aMissingDirectoryIsStillCreatedOwnerOnlyAndADryRunOfItReadsNothing() throws Exception {
        Path dir = tmp.resolve("var/db/warden");
        assertThat(StateStore.peek(dir)).isEqualTo(WardenState.empty());
        StateStore.check(dir);
        assertThat(dir).doesNotExist();
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(1));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(StateStore.peek(dir)).isEqualTo(States.numbered(1));
    }

    /** The live run ({@code open}) and a dry run ({@code peek}) both refuse {@code dir} with {@code message}. */
    private static void assertRefused(Path dir, String message) {
        assertThatThrownBy(() -> StateStore.open(dir)).isInstanceOf(UntrustedDirectoryException.class)
                .hasMessage(message);
        assertThatThrownBy(() -> StateStore.peek(dir)).isInstanceOf(UntrustedDirectoryException.class)
                .hasMessage(message);
    }

    /** {@code file} is a regular file Warden wrote, and the {@code target} of the link it replaced is untouched. */
    private static void assertWrittenBesideNotThrough(Path file, Path target) throws Exception {
        assertThat(Files.readString(target)).isEqualTo(PRECIOUS);
        assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).as("%s is a file of its own", file).isTrue();
    }

    private Path ownerOnlyDirectory(String name) throws Exception {
        return Files.createDirectory(tmp.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /**
     * A saved state, a previous generation, a journal and a lock in {@code dir}, as a daemon leaves them,
     * each last modified in 2001: returns {@link #files}.
     */
    private static Map<String, FileTime> withState(Path dir) throws Exception {
        try (StateStore store = StateStore.open(dir)) {
            store.save(States.numbered(1));
            store.save(States.numbered(2));
            store.appendBans(List.of(States.journaled(1)));
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
            }
        }
        return files(dir);
    }

    /** Each file in {@code dir} with the time it was last modified: a file written since shows. */
    private static Map<String, FileTime> files(Path dir) throws Exception {
        Map<String, FileTime> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS));
            }
        }
        return out;
    }

    /** A file outside the state directory that Warden must never write: a stand-in for /etc/passwd. */
    private Path precious() throws Exception {
        return Files.writeString(tmp.resolve("passwd"), PRECIOUS);
    }

    private static String me() {
        return System.getProperty("user.name");
    }
}
