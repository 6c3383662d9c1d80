package dev.warden.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bash completion script that {@code package} generates ({@code target/completion/warden.bash}, beside the
 * jar): bash reads it without a syntax error, and sourced in bash its completion function offers the commands
 * and options that the command line has, as picocli's model says, after {@code warden } and
 * {@code warden scan --}; and zsh takes it through {@code bashcompinit} (skipped without zsh, except under
 * {@code CI=true}: .ci/run installs it).
 */
class CompletionIT {

    private static Path script() {
        Path script = WardenProcess.jar().resolveSibling("completion").resolve("warden.bash");
        assertThat(script).as("the completion script generated at package").isRegularFile();
        return script;
    }

    /** What {@code shell -c command} prints on stdout; fails on a non-zero exit or anything on stderr. */
    private static String shell(String shell, String command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("completion-out", ".txt");
        Path err = Files.createTempFile("completion-err", ".txt");
        try {
            Process p = new ProcessBuilder(shell, "-c", command).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(shell + " finished").isTrue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(shell + " -c " + command + "; stderr: " + stderr).isZero();
            assertThat(stderr).as("stderr of " + shell + " -c " + command).isEmpty();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String quote(Path p) {
        return "'" + p.toString().replace("'", "'\\''") + "'";
    }

    /**
     * The words bash would offer for the command line {@code words} with the cursor at the end of the last word:
     * the script's completion function run with COMP_WORDS and COMP_CWORD set as bash sets them ({@code compopt}
     * only works while bash completes for real, so a stub stands in for it).
     */
    private static Set<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String line = String.join(" ", words);
        String out = shell("bash", "source " + quote(script()) + "; compopt() { :; };"
                + " COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1) + ";"
                + " COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_warden;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"");
        Set<String> offered = new TreeSet<>();
        Arrays.stream(out.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).forEach(offered::add);
        return offered;
    }

    @Test
    void bashReadsTheScriptWithoutASyntaxError() throws Exception {
        shell("bash", "bash -n " + quote(script()));
        assertThat(shell("bash", "source " + quote(script()) + "; complete -p warden"))
                .as("the completion bash registers for warden").contains("-F _complete_warden").contains("warden");
    }

    @Test
    void afterWardenItOffersEveryCommand() throws Exception {
        Set<String> commands = new TreeSet<>(Main.commandLine().getSubcommands().keySet());
        assertThat(commands).contains("run", "scan");
        assertThat(complete("warden", "")).as("completions of 'warden '").isEqualTo(commands);
        assertThat(complete("warden", "s")).as("completions of 'warden s'").containsExactlyInAnyOrder("scan", "status");
    }

    @Test
    void afterAnOptionPrefixItOffersTheOptionsOfTheCommand() throws Exception {
        CommandLine scan = Main.commandLine().getSubcommands().get("scan");
        List<String> longOptions = new ArrayList<>();
        scan.getCommandSpec().options().forEach(o -> Arrays.stream(o.names()).filter(n -> n.startsWith("--"))
                .forEach(longOptions::add));
        assertThat(longOptions).contains("--no-state", "--jail");
        assertThat(complete("warden", "scan", "--")).as("completions of 'warden scan --'")
                .containsExactlyInAnyOrderElementsOf(longOptions);
        assertThat(complete("warden", "unban", "--a")).as("completions of 'warden unban --a'").containsExactly("--all");
    }

    @Test
    void zshTakesItThroughBashcompinit() throws Exception {
        boolean zsh = Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh"));
        if (!zsh && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("zsh is not installed, but .ci/run installs it: zsh goes unchecked");
        }
        assumeTrue(zsh, "zsh is not installed: the script is checked in bash only");
        String setUp = "autoload -U +X compinit && compinit -u -D; autoload -U +X bashcompinit && bashcompinit;"
                + " source " + quote(script()) + ";";
        assertThat(shell("zsh", setUp + " print -r -- ${_comps[warden]}").strip())
                .as("zsh's completion function for warden").isNotEmpty();
        // zsh filters the words offered by what was typed itself; the function must offer scan among them
        String offered = shell("zsh", setUp + " compopt() { :; }; setopt ksharrays; COMP_WORDS=(warden sc);"
                + " COMP_CWORD=1; COMP_LINE='warden sc'; COMP_POINT=${#COMP_LINE}; _complete_warden;"
                + " print -l -- \"${COMPREPLY[@]}\"");
        assertThat(offered.lines()).as("what the completion function offers in zsh after 'warden sc'")
                .contains("scan");
    }
}
