package dev.warden.cli;

import dev.warden.core.api.PluginInfo;
import dev.warden.core.api.Plugins;
import dev.warden.core.config.BanTimeIncrement;
import dev.warden.core.config.ConfigKeys;
import dev.warden.core.config.Durations;
import dev.warden.core.config.JailDefinition;
import dev.warden.core.config.WardenConfig;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manual pages in docs/man say what the program does, checked both ways so that they cannot drift:
 *
 * <ul>
 * <li>{@code warden.8} against picocli's model of the command line: every subcommand has a subsection
 * {@code .Ss warden NAME} whose items ({@code .It Fl ...}) name each of its options, long and short, and a
 * synopsis line ({@code .Nm}, {@code .Cm NAME}) with each option and positional argument; {@code -h/--help}
 * and {@code -V/--version} are items of the DESCRIPTION, once for all. Every {@code Fl} of a subsection is an
 * option of its command, every {@code Fl} of the page an option of some command, and EXIT STATUS lists
 * exactly the codes of {@link ExitCodes}.
 * <li>{@code warden.yaml.5} against what the loader accepts ({@link ConfigKeys}, the very sets the readers
 * check) and what the built-in filters and actions declare ({@link OptionSpec}): each key is an item
 * {@code .It Ic KEY} of its section's list (GLOBAL SETTINGS, JAILS, the list nested in JAILS'
 * {@code ban-time-increment}, and in GLOBAL SETTINGS' {@code fleet}), each plugin option one of the
 * subsection of its plugin under FILTER TYPES or
 * ACTION TYPES, with its type ({@code Ar}) or choices ({@code Cm}) in the item's head and "The default is
 * VALUE" (or "Required") in its text; and every item there is a key or option that exists.
 * </ul>
 */
class ManPageTest {

    /** The folder of the pages: docs/man of the checkout, found from wherever the tests run. */
    static Path manDir() {
        List<Path> starts = new ArrayList<>();
        String root = System.getProperty("warden.root");
        if (root != null) {
            starts.add(Path.of(root));
        }
        starts.add(Path.of("").toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("docs/man/warden.8"))) {
                    return p.resolve("docs/man");
                }
            }
        }
        throw new AssertionError("docs/man/warden.8 not found above " + starts);
    }

    private static MdocPage page(String name) throws IOException {
        return MdocPage.read(manDir().resolve(name));
    }

    private static String at(MdocPage page, MdocPage.Line line) {
        return page.file().getFileName() + ":" + line.number();
    }

    // ---------------------------------------------------------------------------------------------------------
    // warden.8

    private static final String SUBSECTION = "warden ";

    /** The command line as picocli builds it: the top command and each subcommand by name. */
    private static Map<String, CommandSpec> commands() {
        CommandLine top = Main.commandLine();
        Map<String, CommandSpec> out = new LinkedHashMap<>();
        top.getSubcommands().forEach((name, cl) -> out.put(name, cl.getCommandSpec()));
        return out;
    }

    private static boolean isStandardHelp(CommandLine.Model.OptionSpec o) {
        return o.usageHelp() || o.versionHelp();
    }

    private static Set<String> names(CommandSpec spec, boolean standardHelp) {
        Set<String> out = new TreeSet<>();
        spec.options().stream().filter(o -> isStandardHelp(o) == standardHelp)
                .forEach(o -> out.addAll(Arrays.asList(o.names())));
        return out;
    }

    private static Set<String> allNames(CommandSpec spec) {
        Set<String> out = new TreeSet<>(names(spec, false));
        out.addAll(names(spec, true));
        return out;
    }

    @Test
    void warden8DocumentsEveryCommandAndOptionOfTheCommandLineAndNoOther() throws IOException {
        MdocPage page = page("warden.8");
        CommandSpec top = Main.commandLine().getCommandSpec();
        Map<String, CommandSpec> commands = commands();
        List<String> problems = new ArrayList<>();

        // one subsection per subcommand, holding an item for each of its options and no option of another
        Set<String> subsections = page.subsections("DESCRIPTION");
        for (String title : subsections) {
            if (title.startsWith(SUBSECTION) && !commands.containsKey(title.substring(SUBSECTION.length()))) {
                problems.add("warden.8: subsection \"" + title + "\" is not a command; commands: " + commands.keySet());
            }
        }
        for (Map.Entry<String, CommandSpec> c : commands.entrySet()) {
            String title = SUBSECTION + c.getKey();
            if (!subsections.contains(title)) {
                problems.add("warden.8: no subsection \".Ss " + title + "\" in DESCRIPTION for command " + c.getKey());
                continue;
            }
            List<MdocPage.Line> lines = page.lines(l -> l.section().equals("DESCRIPTION")
                    && l.subsection().equals(title));
            Set<String> items = new TreeSet<>();
            lines.stream().filter(l -> l.isMacro("It")).forEach(l -> items.addAll(l.flags()));
            for (String name : names(c.getValue(), false)) {
                if (!items.contains(name)) {
                    problems.add("warden.8: option " + name + " of '" + c.getKey() + "' is not an item (.It Fl "
                            + name.substring(1) + ") of \".Ss " + title + "\"");
                }
            }
            Set<String> known = allNames(c.getValue());
            for (MdocPage.Line l : lines) {
                for (String flag : l.flags()) {
                    if (!known.contains(flag)) {
                        problems.add(at(page, l) + ": Fl " + flag + " in \".Ss " + title + "\" is not an option of '"
                                + c.getKey() + "' (its options: " + known + ")");
                    }
                }
            }
        }

        // -h/--help and -V/--version: items of the DESCRIPTION outside any subsection, once for every command
        Set<String> global = new TreeSet<>();
        List<MdocPage.Line> globalItems = page.lines(l -> l.section().equals("DESCRIPTION")
                && l.subsection().isEmpty() && l.isMacro("It"));
        globalItems.forEach(l -> global.addAll(l.flags()));
        Set<String> standardHelp = new TreeSet<>(names(top, true));
        commands.values().forEach(c -> standardHelp.addAll(names(c, true)));
        for (String name : standardHelp) {
            if (!global.contains(name)) {
                problems.add("warden.8: the standard option " + name + " is not an item of DESCRIPTION");
            }
        }
        for (MdocPage.Line l : globalItems) {
            for (String flag : l.flags()) {
                if (!standardHelp.contains(flag)) {
                    problems.add(at(page, l) + ": item Fl " + flag + " of DESCRIPTION is not an option of every"
                            + " command (" + standardHelp + "); document it in its command's subsection");
                }
            }
        }

        problems.addAll(synopsisProblems(page, top, commands));

        // every Fl anywhere is an option of some command
        Set<String> every = new TreeSet<>(allNames(top));
        commands.values().forEach(c -> every.addAll(allNames(c)));
        for (MdocPage.Line l : page.lines()) {
            for (String flag : l.flags()) {
                if (!every.contains(flag)) {
                    problems.add(at(page, l) + ": Fl " + flag + " is not an option of any command");
                }
            }
        }

        assertThat(problems).as("warden.8 against the command line (picocli's model)").isEmpty();
    }

    /**
     * The SYNOPSIS: a line per command, each starting with {@code .Nm}; the first without {@code Cm} for the
     * top command, each other with {@code Cm NAME}, every option of NAME (by one of its names; the standard
     * help options are left out) and its positional arguments as {@code Ar label}.
     */
    private static List<String> synopsisProblems(MdocPage page, CommandSpec top, Map<String, CommandSpec> commands) {
        List<String> problems = new ArrayList<>();
        List<List<MdocPage.Line>> utterances = new ArrayList<>();
        for (MdocPage.Line l : page.lines(l -> l.section().equals("SYNOPSIS"))) {
            if (l.isMacro("Nm")) {
                utterances.add(new ArrayList<>());
            }
            if (!utterances.isEmpty()) {
                utterances.get(utterances.size() - 1).add(l);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        for (List<MdocPage.Line> u : utterances) {
            List<String> cm = u.stream().flatMap(l -> l.argumentsOf("Cm").stream()).toList();
            Set<String> flags = u.stream().flatMap(l -> l.flags().stream()).collect(Collectors.toSet());
            Set<String> ar = u.stream().flatMap(l -> l.argumentsOf("Ar").stream()).collect(Collectors.toSet());
            String where = at(page, u.get(0));
            CommandSpec spec;
            boolean withHelp;
            if (cm.isEmpty()) {
                spec = top;
                withHelp = true;
                seen.add("");
            } else if (commands.containsKey(cm.get(0)) && cm.size() == 1) {
                spec = commands.get(cm.get(0));
                withHelp = false;
                if (!seen.add(cm.get(0))) {
                    problems.add(where + ": a second SYNOPSIS line for '" + cm.get(0) + "'");
                }
            } else {
                problems.add(where + ": SYNOPSIS line with Cm " + cm + ": one command name expected, of "
                        + commands.keySet());
                continue;
            }
            String name = cm.isEmpty() ? "warden" : cm.get(0);
            for (CommandLine.Model.OptionSpec o : spec.options()) {
                if (!withHelp && isStandardHelp(o)) {
                    continue;
                }
                if (Arrays.stream(o.names()).noneMatch(flags::contains)) {
                    problems.add(where + ": SYNOPSIS of '" + name + "' lacks option " + String.join("/", o.names()));
                }
            }
            Set<String> known = allNames(spec);
            flags.stream().filter(f -> !known.contains(f)).sorted().forEach(f -> problems.add(where
                    + ": SYNOPSIS of '" + name + "' shows " + f + ", not one of its options " + known));
            for (PositionalParamSpec p : spec.positionalParameters()) {
                String label = p.paramLabel().replaceAll("[^A-Za-z-]", "").toLowerCase(java.util.Locale.ROOT);
                if (!ar.contains(label)) {
                    problems.add(where + ": SYNOPSIS of '" + name + "' lacks its argument Ar " + label);
                }
            }
        }
        if (!seen.contains("")) {
            problems.add("warden.8: no SYNOPSIS line for warden itself (.Nm without Cm)");
        }
        commands.keySet().stream().filter(c -> !seen.contains(c))
                .forEach(c -> problems.add("warden.8: no SYNOPSIS line for command '" + c + "' (.Nm, .Cm " + c + ")"));
        return problems;
    }

    @Test
    void warden8ListsExactlyTheExitCodes() throws IOException, IllegalAccessException {
        MdocPage page = page("warden.8");
        Set<String> codes = new TreeSet<>();
        for (Field f : ExitCodes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                codes.add(String.valueOf(f.getInt(null)));
            }
        }
        int depth = page.lines(l -> l.section().equals("EXIT STATUS") && l.isMacro("Bl")).stream()
                .mapToInt(MdocPage.Line::depth).min().orElse(-1);
        Set<String> documented = new TreeSet<>();
        page.lines(l -> l.section().equals("EXIT STATUS") && l.isMacro("It") && l.depth() == depth)
                .forEach(l -> documented.add(String.join(" ", l.args())));
        assertThat(documented).as("the items of EXIT STATUS in warden.8 against ExitCodes").isEqualTo(codes);
    }

    // ---------------------------------------------------------------------------------------------------------
    // warden.yaml.5

    /** An item {@code .It Ic NAME ...} and what it says. */
    private record Item(MdocPage.Line line, String name, String text) {
    }

    /** The items {@code .It Ic NAME} of {@code lines} at list depth {@code depth}, with their text. */
    private static List<Item> items(MdocPage page, List<MdocPage.Line> lines, int depth) {
        List<Item> out = new ArrayList<>();
        for (MdocPage.Line l : lines) {
            if (l.isMacro("It") && l.depth() == depth && !l.args().isEmpty() && l.args().get(0).equals("Ic")) {
                out.add(new Item(l, l.argumentsOf("Ic").get(0), MdocPage.text(page.body(l))));
            }
        }
        return out;
    }

    /** Problems: the names of {@code items} against {@code expected}, both ways, and names given twice. */
    private static List<String> compare(MdocPage page, String what, List<Item> items, Set<String> expected) {
        List<String> problems = new ArrayList<>();
        Set<String> documented = new LinkedHashSet<>();
        for (Item i : items) {
            if (!documented.add(i.name())) {
                problems.add(at(page, i.line()) + ": " + what + " \"" + i.name() + "\" is documented twice");
            }
            if (!expected.contains(i.name())) {
                problems.add(at(page, i.line()) + ": " + what + " \"" + i.name() + "\" does not exist (there are: "
                        + expected + ")");
            }
        }
        expected.stream().filter(k -> !documented.contains(k)).forEach(k -> problems.add(page.file().getFileName()
                + ": " + what + " \"" + k + "\" is not documented (an item .It Ic " + k + ")"));
        return problems;
    }

    /** Whether {@code text} says "The default is VALUE" with nothing more to the value (5 is not 50). */
    private static boolean saysDefault(String text, String value) {
        return Pattern.compile("The default is " + Pattern.quote(value) + "(?![\\w/-])").matcher(text).find();
    }

    /** The defaults the code keeps as constants, as the page must give them. */
    private static Map<String, String> configDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("state-dir", WardenConfig.DEFAULT_STATE_DIR);
        d.put("socket", WardenConfig.DEFAULT_SOCKET);
        d.put("plugin-dir", WardenConfig.DEFAULT_PLUGIN_DIR);
        d.put("poll-interval", Durations.format(WardenConfig.DEFAULT_POLL_INTERVAL));
        d.put("save-interval", Durations.format(WardenConfig.DEFAULT_SAVE_INTERVAL));
        d.put("retry-interval", Durations.format(WardenConfig.DEFAULT_RETRY_INTERVAL));
        d.put("max-retry", String.valueOf(JailDefinition.DEFAULT_MAX_RETRY));
        d.put("find-time", Durations.format(JailDefinition.DEFAULT_FIND_TIME));
        d.put("ban-time", Durations.format(JailDefinition.DEFAULT_BAN_TIME));
        d.put("max-tracked", String.valueOf(JailDefinition.DEFAULT_MAX_TRACKED));
        d.put("ipv4-prefix", String.valueOf(JailDefinition.DEFAULT_IPV4_PREFIX));
        d.put("ipv6-prefix", String.valueOf(JailDefinition.DEFAULT_IPV6_PREFIX));
        d.put("max", Durations.format(BanTimeIncrement.DEFAULT_MAX));
        d.put("stream", dev.warden.core.config.FleetSettings.DEFAULT_STREAM);
        return d;
    }

    private static List<String> defaultProblems(MdocPage page, List<Item> items) {
        List<String> problems = new ArrayList<>();
        Map<String, String> defaults = configDefaults();
        for (Item i : items) {
            String value = defaults.get(i.name());
            if (value != null && !saysDefault(i.text(), value)) {
                problems.add(at(page, i.line()) + ": \"" + i.name() + "\" does not say \"The default is " + value
                        + "\": " + i.text());
            }
        }
        return problems;
    }

    @Test
    void wardenYaml5DocumentsEveryKeyTheLoaderAcceptsAndNoOther() throws IOException {
        MdocPage page = page("warden.yaml.5");
        List<String> problems = new ArrayList<>();

        List<Item> top = items(page, page.lines(l -> l.section().equals("GLOBAL SETTINGS")), 1);
        problems.addAll(compare(page, "top-level key", top, ConfigKeys.topLevel()));
        problems.addAll(defaultProblems(page, top));
        // fleet's keys: the items of the list nested in its item, and no nested key elsewhere
        List<Item> fleet = new ArrayList<>();
        for (Item t : top) {
            List<Item> nested = items(page, page.body(t.line()), 2);
            if (t.name().equals("fleet")) {
                fleet.addAll(nested);
            } else {
                nested.forEach(n -> problems.add(at(page, n.line()) + ": key \"" + n.name() + "\" nested in \""
                        + t.name() + "\", which has no keys of its own"));
            }
        }
        problems.addAll(compare(page, "fleet key", fleet, ConfigKeys.fleet()));
        problems.addAll(defaultProblems(page, fleet));

        List<MdocPage.Line> jailLines = page.lines(l -> l.section().equals("JAILS"));
        List<Item> jail = items(page, jailLines, 1);
        problems.addAll(compare(page, "jail key", jail, ConfigKeys.jail()));
        problems.addAll(defaultProblems(page, jail));

        // ban-time-increment's keys: the items of the list nested in its item, and no nested key elsewhere
        List<Item> increment = new ArrayList<>();
        List<Item> source = new ArrayList<>();
        for (Item j : jail) {
            List<Item> nested = items(page, page.body(j.line()), 2);
            if (j.name().equals("ban-time-increment")) {
                increment.addAll(nested);
            } else if (j.name().equals("source")) {
                source.addAll(nested);
            } else {
                nested.forEach(n -> problems.add(at(page, n.line()) + ": key \"" + n.name() + "\" nested in \""
                        + j.name() + "\", which has no keys of its own"));
            }
        }
        problems.addAll(compare(page, "ban-time-increment key", increment, ConfigKeys.banTimeIncrement()));
        problems.addAll(defaultProblems(page, increment));
        problems.addAll(compare(page, "source key", source, ConfigKeys.source()));
        page.lines(l -> l.section().equals("JAILS") && l.depth() > 2 && l.isMacro("It")
                && !l.argumentsOf("Ic").isEmpty()).forEach(l -> problems.add(at(page, l)
                + ": a key nested deeper than ban-time-increment's keys: " + l.args()));

        assertThat(problems).as("warden.yaml.5 against the keys the configuration loader accepts").isEmpty();
    }

    /** How the head of an option's item writes each type: {@code .It Ic NAME Ar WORD}. */
    private static final Map<OptionType, String> TYPE_WORDS = Map.of(OptionType.STRING, "string",
            OptionType.INTEGER, "integer", OptionType.DECIMAL, "number", OptionType.BOOLEAN, "boolean",
            OptionType.DURATION, "duration", OptionType.PATH, "path", OptionType.PROGRAM, "program",
            OptionType.STRING_LIST, "list", OptionType.STRING_MAP, "map");

    @Test
    void wardenYaml5DocumentsEveryOptionOfEveryBuiltInFilterAndActionAndNoOther() throws IOException {
        MdocPage page = page("warden.yaml.5");
        List<String> problems = new ArrayList<>();
        List<PluginInfo> builtIns;
        try (Plugins plugins = Plugins.discover(Path.of("target", "no-plugin-folder"), "test")) {
            builtIns = plugins.all().stream().filter(p -> p.origin().equals("built-in")).toList();
        }
        assertThat(builtIns).as("the built-in plugins, found as warden plugins finds them").isNotEmpty();
        for (PluginInfo.Kind kind : PluginInfo.Kind.values()) {
            String section = kind == PluginInfo.Kind.FILTER ? "FILTER TYPES" : "ACTION TYPES";
            Map<String, PluginInfo> ofKind = new LinkedHashMap<>();
            builtIns.stream().filter(p -> p.kind() == kind).forEach(p -> ofKind.put(p.id(), p));
            Set<String> subsections = page.subsections(section);
            for (String s : subsections) {
                if (!ofKind.containsKey(s)) {
                    problems.add("warden.yaml.5: subsection \"" + s + "\" of " + section + " is not a built-in "
                            + kind + " (" + ofKind.keySet() + ")");
                }
            }
            page.lines(l -> l.section().equals(section) && l.subsection().isEmpty() && l.isMacro("It")
                    && !l.argumentsOf("Ic").isEmpty()).forEach(l -> problems.add(at(page, l) + ": option "
                    + l.argumentsOf("Ic") + " outside the subsection of a " + kind));
            for (PluginInfo p : ofKind.values()) {
                if (!subsections.contains(p.id())) {
                    problems.add("warden.yaml.5: no subsection \".Ss " + p.id() + "\" in " + section + " for the "
                            + kind + " " + p.id());
                    continue;
                }
                List<Item> items = items(page, page.lines(l -> l.section().equals(section)
                        && l.subsection().equals(p.id())), 1);
                Map<String, OptionSpec> specs = new LinkedHashMap<>();
                p.options().forEach(o -> specs.put(o.name(), o));
                problems.addAll(compare(page, "option of " + kind + " " + p.id(), items, specs.keySet()));
                for (Item i : items) {
                    OptionSpec spec = specs.get(i.name());
                    if (spec != null) {
                        problems.addAll(optionProblems(page, p.id(), i, spec));
                    }
                }
            }
        }
        assertThat(problems).as("warden.yaml.5 against the options the built-in plugins declare").isEmpty();
    }

    @Test
    void wardenYaml5NamesEveryFilterOfTheLibrary() throws IOException {
        MdocPage page = page("warden.yaml.5");
        List<String> library;
        try (Plugins plugins = Plugins.discover(Path.of("target", "no-plugin-folder"), "test")) {
            library = plugins.all().stream().filter(p -> p.origin().equals("library")).map(PluginInfo::id).toList();
        }
        assertThat(library).as("the library filters, found as warden plugins finds them").contains("postfix",
                "dovecot", "nginx-http-auth", "nginx-limit-req", "apache-auth", "courier-auth", "exim",
                "sendmail-auth", "proftpd", "vsftpd", "pure-ftpd", "mysqld-auth");
        Set<String> named = new java.util.HashSet<>();
        page.lines(l -> l.section().equals("FILTER TYPES") && l.subsection().isEmpty() && l.isMacro("It"))
                .forEach(l -> named.addAll(l.argumentsOf("Cm")));
        assertThat(named).as("items (.It Cm NAME) of FILTER TYPES before its subsections").containsAll(library);
        assertThat(library).as("every item there is a library filter").containsAll(named);
    }

    /** The head gives the type (or the choices); the text the default, or says the option is required. */
    private static List<String> optionProblems(MdocPage page, String plugin, Item item, OptionSpec spec) {
        List<String> problems = new ArrayList<>();
        String where = at(page, item.line()) + ": " + plugin + " option \"" + spec.name() + "\"";
        if (spec.type() == OptionType.CHOICE) {
            List<String> choices = item.line().argumentsOf("Cm");
            if (!choices.equals(spec.choices())) {
                problems.add(where + ": the head's choices (Cm) are " + choices + ", the plugin's " + spec.choices());
            }
        } else {
            List<String> ar = item.line().argumentsOf("Ar");
            String word = TYPE_WORDS.get(spec.type());
            if (!ar.equals(List.of(word))) {
                problems.add(where + " is of type " + spec.type() + ": its head should end with Ar " + word
                        + ", not " + ar);
            }
        }
        if (spec.required() && !item.text().contains("Required.")) {
            problems.add(where + " is required, which its text does not say (\"Required.\"): " + item.text());
        }
        if (spec.defaultValue() != null && !saysDefault(item.text(), spec.defaultValue())) {
            problems.add(where + ": its text does not say \"The default is " + spec.defaultValue() + "\": "
                    + item.text());
        }
        if (!spec.required() && spec.defaultValue() == null && item.text().contains("The default is ")) {
            problems.add(where + " has no default value, yet its text gives one: " + item.text());
        }
        return problems;
    }
}
