package dev.warden.actions.run;

import dev.warden.actions.TestContext;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.exec.ProcessCommandRunner;
import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionException;
import dev.warden.core.spi.Ban;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.testkit.RecordedCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.warden.actions.TestContext.ban;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command action run for real: a script records each argv it is started with. */
class CommandActionTest {

    /** Appends its argv ($0 first) to calls, one argument per line, then "=="; fails for an argument in "fail". */
    private static final String SCRIPT = """
            #!/bin/sh
            dir=$(dirname "$0")
            { printf '%s\\n' "$0" "$@"; echo '=='; } >> "$dir/calls"
            if [ -e "$dir/fail" ]; then
              for a in "$@"; do
                if [ "$a" = "$(cat "$dir/fail")" ]; then echo "report: $a refused by the service" >&2; exit 3; fi
              done
            fi
            if [ -e "$dir/hang" ]; then sleep 30; fi
            """;

    @TempDir
    Path dir;

    private String program;

    @BeforeEach
    void install() throws IOException {
        Path p = dir.resolve("report");
        Files.writeString(p, SCRIPT);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        program = p.toString();
    }

    private Action create(Map<String, Object> values) throws PluginConfigException {
        CommandActionFactory factory = new CommandActionFactory();
        return factory.create(new MapPluginOptions(factory.options(), values),
                TestContext.of(new ProcessCommandRunner()));
    }

    private List<List<String>> calls() throws IOException {
        return RecordedCalls.read(dir.resolve("calls"));
    }

    @Test
    void eachBanRunsTheCommandWithItsValuesFilledInPerArgument() throws Exception {
        Action action = create(Map.of("ban", List.of(program, "--ip={address}", "{prefix}", "{jail} on {node}",
                "{end}", "{failures}", "{{literal}}", "two words")));

        action.ban(Arrays.asList(ban("192.0.2.1"), ban("2001:DB8::1"), ban("192.0.2.1")));

        assertThat(calls()).containsExactly(
                List.of(program, "--ip=192.0.2.1", "192.0.2.1/32", "ssh on gate", "2025-01-01T01:00:00Z", "5",
                        "{literal}", "two words"),
                List.of(program, "--ip=2001:db8::1", "2001:db8::1/128", "ssh on gate", "2025-01-01T01:00:00Z", "5",
                        "{literal}", "two words"));
    }

    @Test
    void aNetworkIsItsCidrTextInBothPlaceholders() throws Exception {
        create(Map.of("ban", List.of(program, "{address}", "{prefix}"))).ban(List.of(ban("2001:db8:1:2::/64")));

        assertThat(calls()).containsExactly(List.of(program, "2001:db8:1:2::/64", "2001:db8:1:2::/64"));
    }

    @Test
    void unbanRunsTheUnbanCommandAndNothingWhenThereIsNone() throws Exception {
        create(Map.of("ban", List.of(program, "ban"))).unban(List.of(ban("192.0.2.1")));
        assertThat(calls()).isEmpty();

        create(Map.of("ban", List.of(program, "ban"), "unban", List.of(program, "unban", "{address}")))
                .unban(List.of(ban("192.0.2.7")));
        assertThat(calls()).containsExactly(List.of(program, "unban", "192.0.2.7"));
    }

    @Test
    void aFailureNamesTheAddressAndTheErrorOutputAndTheOthersStillRun() throws Exception {
        Files.writeString(dir.resolve("fail"), "192.0.2.2");
        Action action = create(Map.of("ban", List.of(program, "{address}")));

        assertThatThrownBy(() -> action.ban(List.of(ban("192.0.2.1"), ban("192.0.2.2"), ban("192.0.2.3"))))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("the ban command did not apply 1 of 3 addresses")
                .hasMessageContaining(program + " (ban 192.0.2.2) exited with status 3:"
                        + " report: 192.0.2.2 refused by the service")
                .hasMessageEndingWith("Not applied: 192.0.2.2");
        assertThat(calls()).hasSize(3);
    }

    @Test
    void aBanInForceHandedAgainRunsNoSecondCommandButAFailedOneAndANewEndDo() throws Exception {
        Files.writeString(dir.resolve("fail"), "192.0.2.2");
        Action action = create(Map.of("ban", List.of(program, "{address}", "{end}"),
                "unban", List.of(program, "unban", "{address}")));
        assertThatThrownBy(() -> action.ban(List.of(ban("192.0.2.1"), ban("192.0.2.2"))))
                .isInstanceOf(ActionException.class);
        Files.delete(dir.resolve("fail"));

        action.ban(List.of(ban("192.0.2.1"), ban("192.0.2.2"))); // the retry: only .2 runs again
        Ban longer = new Ban("ssh", ban("192.0.2.1").address(), ban("192.0.2.1").start(),
                ban("192.0.2.1").end().plusSeconds(3600), 9, Ban.Origin.AUTOMATIC);
        action.ban(List.of(longer, ban("192.0.2.2")));
        action.unban(List.of(ban("192.0.2.2")));
        action.ban(List.of(ban("192.0.2.2"))); // banned again after its unban

        assertThat(calls()).extracting(c -> c.subList(1, c.size())).containsExactly(
                List.of("192.0.2.1", "2025-01-01T01:00:00Z"),
                List.of("192.0.2.2", "2025-01-01T01:00:00Z"),
                List.of("192.0.2.2", "2025-01-01T01:00:00Z"),
                List.of("192.0.2.1", "2025-01-01T02:00:00Z"),
                List.of("unban", "192.0.2.2"),
                List.of("192.0.2.2", "2025-01-01T01:00:00Z"));
    }

    @Test
    void aCommandPastItsTimeoutIsKilledAndReported() throws Exception {
        Files.writeString(dir.resolve("hang"), "");
        Action action = create(Map.of("ban", List.of(program, "{address}"), "timeout", "300ms"));

        assertThatThrownBy(() -> action.ban(List.of(ban("192.0.2.1"))))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("timed out after 300ms and was killed");
    }

    @Test
    void aMissingProgramIsReportedAsNotApplied() throws Exception {
        Action action = create(Map.of("ban", List.of(dir.resolve("absent").toString(), "{address}")));

        assertThatThrownBy(() -> action.ban(List.of(ban("192.0.2.1"))))
                .isInstanceOf(ActionException.class)
                .hasMessageContaining("could not run")
                .hasMessageEndingWith("Not applied: 192.0.2.1");
    }

    @Test
    void unusableTemplatesAreConfigErrorsNamingTheArgument() {
        assertRejected(Map.of("ban", List.of(program, "{address}", "{user}")), "ban[2]", "unknown placeholder {user}");
        assertRejected(Map.of("ban", List.of(program, "{address")), "ban[1]", "'{' opens no placeholder");
        assertRejected(Map.of("ban", List.of(program, "a}b")), "ban[1]", "lone '}'");
        assertRejected(Map.of("ban", List.of("mail", "{address}")), "ban[0]", "absolute path");
        assertRejected(Map.of("ban", List.of("/usr/bin/{jail}")), "ban[0]", "placeholder");
        assertRejected(Map.of("ban", List.of()), "ban", "at least the program");
        assertRejected(Map.of("ban", List.of(program), "unban", List.of(program, "{ip}")), "unban[1]",
                "unknown placeholder {ip}");
        assertRejected(Map.of("ban", List.of(program), "timeout", "0s"), "timeout", "longer than 0s");
    }

    private void assertRejected(Map<String, Object> values, String option, String message) {
        assertThatThrownBy(() -> create(new HashMap<>(values)))
                .isInstanceOfSatisfying(PluginConfigException.class, e -> {
                    assertThat(e.option()).isEqualTo(option);
                    assertThat(e.getMessage()).contains(message);
                });
    }
}
