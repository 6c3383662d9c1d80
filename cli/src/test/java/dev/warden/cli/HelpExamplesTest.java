package dev.warden.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every subcommand's --help ends with an example of itself, as an operator reading it at a prompt wants. */
class HelpExamplesTest {

    @Test
    void everySubcommandsHelpEndsWithAnExampleOfIt() {
        CommandLine top = Main.commandLine();
        List<String> missing = new ArrayList<>();
        top.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return; // picocli's own
            }
            String help = sub.getUsageMessage();
            List<String> lines = help.strip().lines().toList();
            int example = lines.lastIndexOf("Example:") >= 0 ? lines.lastIndexOf("Example:") : lines.lastIndexOf("Examples:");
            if (example < 0 || lines.subList(example + 1, lines.size()).isEmpty()
                    || !lines.subList(example + 1, lines.size()).stream().allMatch(l -> l.startsWith("  warden " + name))) {
                missing.add(name);
            }
        });
        assertThat(missing).as("subcommands whose --help does not end with 'Example(s):' and lines '  warden NAME ...'")
                .isEmpty();
    }
}
