package dev.warden.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The release archive, {@code target/warden-VERSION.tar.gz}, as an operator gets it: unpacked with tar, run
 * with nothing but its own content and a JVM ({@code JAVA_HOME} is this test's; {@code PATH} holds only the
 * system's tools), and installed by its {@code install.sh} into temporary folders.
 *
 * <p>The manual pages and the completion script come from docs/man and the build's target/completion: they
 * must be in the archive once docs/man is in the checkout, and are left unchecked before.
 */
class ReleaseArchiveIT {

    private static final String VERSION = System.getProperty("warden.release.version", "");
    private static final String[] DEMO_SCAN = {"--dry-run", "--now", "2026-11-07T12:00:00Z"};
    private static final String FILE = "-rw-r--r--";
    private static final String EXECUTABLE = "-rwxr-xr-x";
    private static final String FOLDER = "drwxr-xr-x";

    @TempDir
    static Path tmp;
    /** The unpacked {@code warden-VERSION} folder. */
    private static Path release;

    @BeforeAll
    static void unpack() throws Exception {
        assertThat(VERSION).as("warden.release.version (set by cli/pom.xml)").isNotEmpty();
        WardenProcess.Result r = exec(tmp, "tar", "-xzf", archive().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        release = tmp.resolve("warden-" + VERSION);
    }

    @Test
    void holdsTheReleaseInOneFolderWithTheModesOfEachFile() throws Exception {
        WardenProcess.Result r = exec(tmp, "tar", "-tzvf", archive().toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        Map<String, String> modes = new TreeMap<>();   // path below warden-VERSION/ -> mode, as tar lists it
        for (String line : r.stdoutLines()) {
            String[] f = line.trim().split("\\s+");
            String path = f[f.length - 1];
            assertThat(path).startsWith("warden-" + VERSION + "/");
            modes.put(path.substring(("warden-" + VERSION + "/").length()), f[0]);
        }
        Map<String, String> expected = new TreeMap<>(Map.of("bin/warden", EXECUTABLE, "install.sh", EXECUTABLE));
        for (String file : List.of("lib/warden/warden.jar", "LICENSE", "CHANGELOG.md", "INSTALL.md",
                "share/warden/warden.yaml.sample", "share/warden/demo.yaml", "share/warden/samples/demo-maillog",
                "share/warden/samples/demo-authlog",
                "share/warden/seed-equivalent.yaml", "share/warden/openbsd/rc.d/warden",
                "share/warden/openbsd/pf.conf.snippet", "share/warden/openbsd/newsyslog.conf.snippet",
                "share/warden/linux/warden.service", "share/warden/linux/warden.yaml.sample")) {
            expected.put(file, FILE);
        }
        if (manPagesExpected()) {
            for (String file : List.of("man/man8/warden.8", "man/man5/warden.yaml.5", "completion/warden.bash")) {
                expected.put(file, FILE);
            }
        }
        for (Map.Entry<String, String> e : modes.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().endsWith("/")) {
                assertThat(e.getValue()).as(e.getKey()).isEqualTo(FOLDER);
            } else {
                expected.putIfAbsent(e.getKey(), FILE);   // any other file: not executable
            }
        }
        modes.keySet().removeIf(p -> p.isEmpty() || p.endsWith("/"));
        assertThat(modes).isEqualTo(expected);
    }

    @Test
    void runsFromTheUnpackedFolderWithItsOwnFilesOnly() throws Exception {
        WardenProcess.Result version = warden(release, "--version");
        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdoutLines().get(0)).isEqualTo("warden " + VERSION);

        WardenProcess.Result validate = warden(release, "validate", "-c", "share/warden/demo.yaml");
        assertThat(validate.exitCode()).as(validate.stderr()).isZero();

        // the README's demo, from the checkout's ./warden, and from the archive
        List<String> readme = new ArrayList<>(List.of("sh", "./warden", "scan", "-c", "config-examples/demo.yaml"));
        readme.addAll(List.of(DEMO_SCAN));
        WardenProcess.Result expected = WardenProcess.exec(WardenProcess.root(), null, readme);
        assertThat(expected.exitCode()).as(expected.stderr()).isZero();
        assertThat(expected.stdoutLines()).hasSize(2);
        List<String> demo = new ArrayList<>(List.of("bin/warden", "scan", "-c", "share/warden/demo.yaml"));
        demo.addAll(List.of(DEMO_SCAN));
        WardenProcess.Result scan = exec(release, demo.toArray(String[]::new));
        assertThat(scan.exitCode()).as(scan.stderr()).isZero();
        assertThat(scan.stdout()).isEqualTo(expected.stdout());
    }

    /**
     * The first start wrote a class-data-sharing archive for this JVM, which the launcher passes from then on,
     * and which this JVM accepts: with -Xshare:on a JVM refuses to start on an archive it cannot use.
     */
    @Test
    void writesAClassDataSharingArchiveForTheJvmItFinds() throws Exception {
        assertThat(warden(release, "--version").exitCode()).isZero();
        Matcher m = Pattern.compile(" -XX:SharedArchiveFile=(\\S+) ").matcher(commandLine(release.resolve("bin/warden"),
                "--version"));
        assertThat(m.find()).as("the launcher passes an archive").isTrue();
        Path jsa = Path.of(m.group(1));
        assertThat(jsa.getParent()).isEqualTo(tmp.resolve("cds"));
        assertThat(jsa.getFileName().toString()).matches("warden-\\d+\\.jsa");
        assertThat(Files.size(jsa)).isPositive();
        WardenProcess.Result on = exec(release, javaHome().resolve("bin/java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + jsa, "-jar", "lib/warden/warden.jar", "--version");
        assertThat(on.exitCode()).as(on.stdout() + on.stderr()).isZero();
    }

    /**
     * JVM options that keep the archive from being written (a native agent: -Xshare:dump refuses JDWP) do
     * not leave the empty file that means "this JVM cannot" for every later start: the launcher writes it
     * with its own options instead, and the command runs with the operator's.
     */
    @Test
    void anArchiveTheOperatorsOptionsCannotWriteIsWrittenWithTheDefaults() throws Exception {
        Path cds = tmp.resolve("cds-agent");
        Map<String, String> env = new HashMap<>(env());
        env.put("WARDEN_CDS_DIR", cds.toString());
        env.put("WARDEN_JAVA_OPTS", "-XX:+UseSerialGC -Xmx256m "
                + "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0");
        WardenProcess.Result r = WardenProcess.exec(release, env, List.of("bin/warden", "--version"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).as("run with the operator's options").contains("Listening for transport dt_socket")
                .contains("warden " + VERSION);
        List<Path> archives;
        try (Stream<Path> files = Files.list(cds)) {
            archives = files.filter(f -> f.getFileName().toString().matches("warden-\\d+\\.jsa")).toList();
        }
        assertThat(archives).hasSize(1);
        assertThat(Files.size(archives.get(0))).as("an archive, not the empty 'cannot' file").isPositive();
    }

    @Test
    void installsWithTheRightModesAndNeverReplacesAConfiguration() throws Exception {
        Path prefix = tmp.resolve("prefix");
        Path etc = tmp.resolve("etc");
        WardenProcess.Result first = exec(release, "sh", "install.sh", "--etc", etc.toString(),
                "--service", "rc.d", prefix.toString());
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(first.stdout()).contains("installed " + prefix.resolve("bin/warden") + " (0755)");

        Map<Path, String> expected = new HashMap<>(Map.of(
                prefix.resolve("bin/warden"), "rwxr-xr-x",
                prefix.resolve("lib/warden/warden.jar"), "rw-r--r--",
                etc.resolve("warden.yaml"), "rw-r-----",
                etc.resolve("rc.d/warden"), "r-xr-xr-x"));
        try (Stream<Path> s = Files.walk(release.resolve("share/warden"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                expected.put(prefix.resolve(release.relativize(p).toString()), "rw-r--r--");
            }
        }
        if (manPagesExpected()) {
            expected.put(prefix.resolve("share/man/man8/warden.8"), "rw-r--r--");
            expected.put(prefix.resolve("share/man/man5/warden.yaml.5"), "rw-r--r--");
            expected.put(prefix.resolve("share/bash-completion/completions/warden"), "rw-r--r--");
        }
        Map<Path, String> installed = new HashMap<>();
        for (Path root : List.of(prefix, etc)) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.toList()) {
                    String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    if (Files.isDirectory(p)) {
                        assertThat(mode).as(p.toString()).isEqualTo("rwxr-xr-x");
                    } else {
                        installed.put(p, mode);
                    }
                }
            }
        }
        assertThat(installed).isEqualTo(expected);
        String sample = isLinux() ? "share/warden/linux/warden.yaml.sample" : "share/warden/warden.yaml.sample";
        assertThat(etc.resolve("warden.yaml")).hasSameTextualContentAs(release.resolve(sample));

        // the installed launcher runs, and its daemon is what the installed rc.d script looks for
        WardenProcess.Result version = warden(prefix, "--version");
        assertThat(version.stdoutLines().get(0)).as(version.stderr()).isEqualTo("warden " + VERSION);
        assertThat(rcdFinds(etc.resolve("rc.d/warden"), commandLine(prefix.resolve("bin/warden"), "run", "-c",
                etc.resolve("warden.yaml").toString()))).isTrue();

        Files.writeString(etc.resolve("warden.yaml"), "# the operator's own\n");
        WardenProcess.Result again = exec(release, "sh", "install.sh", "--etc", etc.toString(),
                "--service", "systemd", prefix.toString());
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).contains("kept " + etc.resolve("warden.yaml"));
        assertThat(etc.resolve("warden.yaml")).hasContent("# the operator's own\n");
        Path unit = etc.resolve("systemd/system/warden.service");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(unit))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(unit))
                .contains("ExecStart=" + prefix.resolve("bin/warden") + " run -c " + etc.resolve("warden.yaml") + "\n");
    }

    @Test
    void completionScriptIsBashSyntax() throws Exception {
        Path completion = release.resolve("completion/warden.bash");
        assumeTrue(manPagesExpected() || Files.exists(completion), "no completion script yet (no docs/man)");
        WardenProcess.Result r = exec(release, "bash", "-n", "completion/warden.bash");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private static Path archive() {
        return WardenProcess.jar().resolveSibling("warden-" + VERSION + ".tar.gz");
    }

    private static boolean manPagesExpected() {
        return Files.isDirectory(WardenProcess.root().resolve("docs/man"));
    }

    private static boolean isLinux() {
        return System.getProperty("os.name").equals("Linux");
    }

    private static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    /** The environment of every run: the JVM, the system's tools, and folders of the test's own. */
    private static Map<String, String> env() {
        return Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", javaHome().toString(),
                "HOME", tmp.resolve("home").toString(), "WARDEN_CDS_DIR", tmp.resolve("cds").toString());
    }

    private static WardenProcess.Result exec(Path dir, String... cmd) throws IOException, InterruptedException {
        return WardenProcess.exec(dir, env(), List.of(cmd));
    }

    /** Runs the {@code bin/warden} of {@code dir} (the unpacked release, or a prefix it was installed in). */
    private static WardenProcess.Result warden(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bin/warden"));
        cmd.addAll(List.of(args));
        return exec(dir, cmd.toArray(String[]::new));
    }

    /**
     * The command line the launcher would start, as ps shows it: JAVA is a stand-in named java that prints
     * its arguments.
     */
    private static String commandLine(Path launcher, String... args) throws IOException, InterruptedException {
        Path probe = tmp.resolve("probe/java");
        Files.createDirectories(probe.getParent());
        Files.writeString(probe, "#!/bin/sh\necho \"$0 $*\"\n");
        probe.toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>(env());
        env.put("JAVA", probe.toString());
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        WardenProcess.Result r = WardenProcess.exec(tmp, env, cmd);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout().strip();
    }

    /** Whether the rc.d script's pexp matches {@code commandLine} whole, as rc.subr's pgrep -xf does. */
    private static boolean rcdFinds(Path script, String commandLine) throws IOException {
        String text = Files.readString(script);
        Matcher flags = Pattern.compile("(?m)^daemon_flags=\"([^\"]*)\"$").matcher(text);
        Matcher pexp = Pattern.compile("(?m)^pexp=\"([^\"]*)\"$").matcher(text);
        assertThat(flags.find() && pexp.find()).as("daemon_flags and pexp in " + script).isTrue();
        return commandLine.matches(pexp.group(1).replace("${daemon_flags}", flags.group(1)));
    }
}
