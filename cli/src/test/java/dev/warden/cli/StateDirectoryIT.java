package dev.warden.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A state directory that someone besides the user Warden runs as could change is refused by {@code run}
 * and {@code scan}, live or dry, with one line naming it, what is wrong and the fix, and exit 2: nothing
 * is started, read or applied (issue 12, finding 4).
 */
class StateDirectoryIT {

    private static final String JAIL = """
            jails:
              smtpd:
                logs: [maillog]
                filter: opensmtpd
                max-retry: 1
                find-time: 1h
                ban-time: 1h
                actions: [{type: pf, table: bot, pfctl: PFCTL}]
            """;

    @TempDir
    Path dir;
    DaemonFixture fx;
    Path state;

    @BeforeEach
    void setUp() throws Exception {
        fx = DaemonFixture.in(dir);
        fx.config(JAIL);
        fx.append("maillog", DaemonFixture.thisSecond(),
                "smtpd[1]: 0000000000000001 smtp connected address=203.0.113.5 host=<unknown>",
                "smtpd[1]: 0000000000000001 smtp authentication user=admin result=permfail");
        state = dir.resolve("state");
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void scanAndRunRefuseAGroupReadableStateDirectoryWithExit2() throws Exception {
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        String problem = "state directory " + state + ": mode 0750 gives access to its group; refusing it (chown "
                + System.getProperty("user.name") + " " + state + "; chmod 700 " + state + ")";
        for (List<String> command : List.of(List.of("scan"), List.of("scan", "--dry-run"), List.of("scan", "--no-state"),
                List.of("run"), List.of("run", "--dry-run"))) {
            WardenProcess.Result r = fx.warden(command.get(0), command.subList(1, command.size()).toArray(String[]::new));
            assertThat(r.exitCode()).as("%s: %s", command, r.stderr()).isEqualTo(ExitCodes.CONFIG);
            assertThat(r.stderr().lines()).as("%s", command).contains("warden " + command.get(0) + ": " + problem);
            assertThat(r.stdout()).as("%s", command).isEmpty();
        }
        assertThat(fx.pfctlCalls()).as("nothing applied").isEmpty();
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files).as("nothing written in it").isEmpty();
        }
        assertThat(fx.socket).as("no daemon started").doesNotExist();

        WardenProcess.Result stateless = fx.warden("scan", "--no-state", "--dry-run");
        assertThat(stateless.exitCode()).as("a scan that does not use the state directory: %s", stateless.stderr())
                .isZero();
    }

    @Test
    void runRefusesAStateDirectoryOwnedByAnotherUserWithExit2() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "only root can give a directory away");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setOwner(state, state.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        int uid = (Integer) Files.getAttribute(state, "unix:uid");

        WardenProcess.Result r = fx.warden("run");
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.stderr().lines()).contains("warden run: state directory " + state + ": owned by nobody (uid " + uid
                + "), not by this user (root); refusing it (chown root " + state + "; chmod 700 " + state + ")");
        assertThat(fx.pfctlCalls()).isEmpty();
    }

    @Test
    void aStateDirectoryThatCannotBeUsedIsExplainedNotOnlyNamed() throws Exception {
        Files.writeString(dir.resolve("afile"), "");
        Files.writeString(fx.config, Files.readString(fx.config).replace("state-dir: state", "state-dir: afile/state"));
        for (String command : List.of("scan", "run")) {
            WardenProcess.Result r = fx.warden(command);
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.RUNTIME);
            assertThat(r.stderr()).isEqualTo("warden " + command + ": state directory " + dir.resolve("afile/state")
                    + ": " + dir.resolve("afile/state") + " is not a directory (a file stands where state-dir or"
                    + " one of its parents should be)\n");
        }
        Path ro = Files.createDirectory(dir.resolve("ro"));
        assumeTrue(new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700,ro", "tmpfs", ro.toString())
                .start().waitFor() == 0, "mounting a read-only tmpfs needs root");
        try {
            Files.writeString(fx.config, Files.readString(fx.config).replace("state-dir: afile/state", "state-dir: ro"));
            for (String command : List.of("scan", "run")) {
                WardenProcess.Result r = fx.warden(command);
                assertThat(r.exitCode()).as(r.stderr()).isEqualTo(ExitCodes.RUNTIME);
                assertThat(r.stderr()).isEqualTo("warden " + command + ": state directory " + ro
                        + " is on a read-only file system (remount it read-write, or set state-dir to a writable"
                        + " place)\n");
            }
        } finally {
            new ProcessBuilder("umount", "-l", ro.toString()).start().waitFor();
        }
    }
}
