package dev.warden.core.plugin;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Code is loaded only from a plugin folder and jars that nobody but root and the user Warden runs as can
 * change ({@link Trust}), the way sshd's StrictModes treats {@code authorized_keys}. The folders here are
 * made in a temporary directory under {@code /tmp}: root's, sticky, and so accepted on the path.
 * Changing an owner needs root, as CI runs the tests; those tests are skipped for anyone else.
 */
class PluginTrustTest {

    private static final String VERSION = "9.9";
    private static final String NOT_TRUSTED = ", not by root or the user Warden runs as";

    @TempDir
    Path dir;
    Path plugins;

    @BeforeEach
    void folder() throws IOException {
        plugins = pluginsIn(dir);
    }

    /** {@code parent/plugins}, mode 0755, with dovecot.jar in it: a folder Warden trusts if its path does. */
    private static Path pluginsIn(Path parent) throws IOException {
        Path folder = mkdir(parent.resolve("plugins"), 0755);
        jar(folder.resolve("dovecot.jar"), "com.example.Dovecot", "dovecot");
        return folder;
    }

    private static Path mkdir(Path path, int mode) throws IOException {
        return chmod(Files.createDirectories(path), mode);
    }

    private static Path chmod(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
        return path;
    }

    private static Path jar(Path path, String className, String id) throws IOException {
        return chmod(TestPluginJar.filter(className, id).write(path), 0644);
    }

    /** Gives {@code path} to the user nobody; skips the test when not run as root. */
    private Path toNobody(Path path) throws IOException {
        assumeTrue((Integer) Files.getAttribute(dir, "unix:uid") == 0, "only root can give a file away");
        Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        return path;
    }

    private static String nobody(Path path) throws IOException {
        return "owned by nobody (uid " + Files.getAttribute(path, "unix:uid") + ")" + NOT_TRUSTED;
    }

    private PluginCatalog discover(Path folder) throws IOException {
        return PluginCatalog.discover(PluginFolderTest.builtIns(dir), VERSION, folder);
    }

    /** The problems of discovering {@code folder}, checking that nothing but the built-in was loaded from it. */
    private List<String> refused(Path folder) throws IOException {
        try (PluginCatalog catalog = discover(folder)) {
            assertThat(catalog.filterIds()).containsExactly("opensmtpd");
            assertThat(catalog.jars()).isEmpty();
            assertThat(catalog.hasErrors()).isTrue();
            return catalog.problems().stream().map(PluginProblem::toString).toList();
        }
    }

    /** The one line of a folder refused for {@code what} is wrong with it. */
    private static String refusal(Path folder, String what) {
        return folder + ": " + what + "; no plugins loaded from it";
    }

    /** The one line of a folder refused for {@code what} is wrong with {@code directory} on its path. */
    private static String refusal(Path folder, Path directory, String what) {
        return refusal(folder, directory + " on its path is " + what);
    }

    private void assertLoads(Path folder) throws IOException {
        try (PluginCatalog catalog = discover(folder)) {
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
        }
    }

    @Test
    void aFolderThatGroupOrOtherCanWriteLoadsNothing() throws Exception {
        Map<Integer, String> modes = Map.of(0775, "group (mode 0775)", 0757, "other (mode 0757)",
                0777, "group and other (mode 0777)", 01777, "group and other (mode 1777)");
        for (Map.Entry<Integer, String> m : modes.entrySet()) {
            chmod(plugins, m.getKey());
            assertThat(refused(plugins)).containsExactly(refusal(plugins, "writable by " + m.getValue()));
        }
        chmod(plugins, 0755);
        assertLoads(plugins);
    }

    @Test
    void aFolderOwnedBySomeoneElseLoadsNothing() throws Exception {
        toNobody(plugins);
        assertThat(refused(plugins)).containsExactly(refusal(plugins, nobody(plugins)));
    }

    @Test
    void theUserWardenRunsAsMayOwnTheFolderAndItsJars() throws Exception {
        toNobody(toNobody(plugins).resolve("dovecot.jar"));
        int nobody = (Integer) Files.getAttribute(plugins, "unix:uid");
        try (PluginCatalog catalog = PluginCatalog.discover(PluginFolderTest.builtIns(dir), VERSION, plugins,
                () -> new Trust(nobody))) {
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
        }
    }

    @Test
    void aDirectoryOnThePathThatOthersCanChangeLoadsNothing() throws Exception {
        Path shared = mkdir(dir.resolve("shared"), 0775);
        Path folder = pluginsIn(shared);
        assertThat(refused(folder)).containsExactly(refusal(folder, shared, "writable by group (mode 0775)"));

        chmod(toNobody(shared), 0755);
        assertThat(refused(folder)).containsExactly(refusal(folder, shared, nobody(shared)));
    }

    @Test
    void aStickyDirectoryOfRootsIsAcceptedOnThePathButNotAsTheFolder() throws Exception {
        Path tmp = mkdir(dir.resolve("tmp"), 01777);
        Path folder = pluginsIn(tmp);
        assertLoads(folder);
        // however the folder is named: here ".." makes the sticky directory the folder
        assertThat(refused(folder.resolve(".."))).containsExactly(refusal(folder.resolve(".."),
                "writable by group and other (mode 1777)"));

        chmod(tmp, 0777);
        assertThat(refused(folder)).containsExactly(refusal(folder, tmp, "writable by group and other (mode 0777)"));

        chmod(toNobody(tmp), 01777);
        assertThat(refused(folder)).containsExactly(refusal(folder, tmp, nobody(tmp)
                + ", and writable by group and other (mode 1777)"));
    }

    @Test
    void theFolderIsNotALinkButALinkOnItsPathIsFollowedAndWhereItLeadsChecked() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), plugins);
        assertThat(refused(link)).containsExactly(refusal(link, "a symbolic link (to " + plugins + "); name the "
                + "folder itself"));

        pluginsIn(mkdir(dir.resolve("opt/local"), 0755));
        Path usr = mkdir(dir.resolve("usr"), 0755);
        Files.createSymbolicLink(usr.resolve("local"), Path.of("../opt/local"));
        Path linked = usr.resolve("local/plugins");
        assertLoads(linked);
        try (PluginCatalog catalog = discover(linked)) {
            assertThat(catalog.filterSource("dovecot").get().jar()).isEqualTo(linked.resolve("dovecot.jar"));
        }

        chmod(dir.resolve("opt"), 0777); // where the link leads: the real path is checked
        assertThat(refused(linked)).containsExactly(refusal(linked, dir.resolve("opt"),
                "writable by group and other (mode 0777)"));
        chmod(dir.resolve("opt"), 0755);
        chmod(usr, 0775); // where the link is: who can write here can point it elsewhere
        assertThat(refused(linked)).containsExactly(refusal(linked, usr, "writable by group (mode 0775)"));

        Path loop = Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
        assertThat(refused(loop.resolve("plugins"))).containsExactly(refusal(loop.resolve("plugins"),
                "more than 40 symbolic links on its path"));
    }

    @Test
    void aJarThatIsALinkIsSkippedAndTheOthersLoad() throws Exception {
        Path elsewhere = jar(mkdir(dir.resolve("elsewhere"), 0755).resolve("other.jar"), "com.example.Other",
                "other");
        Path link = Files.createSymbolicLink(plugins.resolve("other.jar"), elsewhere);
        try (PluginCatalog catalog = discover(plugins)) {
            assertThat(catalog.problems()).map(PluginProblem::toString).containsExactly(link + ": a symbolic link (to "
                    + elsewhere + "); put the jar itself in the plugin folder; skipped");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
        }
    }

    @Test
    void aJarThatOthersCanWriteOrThatSomeoneElseOwnsIsSkipped() throws Exception {
        Path group = chmod(jar(plugins.resolve("group.jar"), "com.example.G", "group"), 0664);
        Path other = chmod(jar(plugins.resolve("other.jar"), "com.example.O", "other"), 0646);
        try (PluginCatalog catalog = discover(plugins)) {
            assertThat(catalog.problems()).map(PluginProblem::toString).containsExactly(
                    group + ": writable by group (mode 0664); skipped",
                    other + ": writable by other (mode 0646); skipped");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
        }
        Files.delete(group);
        Files.delete(other);
        Path given = toNobody(jar(plugins.resolve("given.jar"), "com.example.N", "given"));
        try (PluginCatalog catalog = discover(plugins)) {
            assertThat(catalog.problems()).map(PluginProblem::toString)
                    .containsExactly(given + ": " + nobody(given) + "; skipped");
            assertThat(catalog.filterIds()).containsExactly("opensmtpd", "dovecot");
        }
    }

    @Test
    void aJarReplacedOrWrittenToBetweenTwoLooksIsSeenAsChanged() throws Exception {
        Path jar = plugins.resolve("dovecot.jar");
        Lstat before = Lstat.of(jar);
        assertThat(before.unchanged(Lstat.of(jar))).isTrue();
        Path copy = Files.copy(jar, dir.resolve("copy.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(copy, jar, StandardCopyOption.REPLACE_EXISTING);
        assertThat(before.unchanged(Lstat.of(jar))).as("another file").isFalse();
        Lstat replaced = Lstat.of(jar);
        Files.write(jar, new byte[] {'x'}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(replaced.unchanged(Lstat.of(jar))).as("written to").isFalse();
    }
}
