package dev.warden.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a jail's {@code source:} ({@link SourceSpec}), reporting every problem at its line: an unknown type or
 * key, a program that is not an absolute path (an error) or not there on this host (a warning, as for an
 * action's program: the file may be checked on another host), a journal source with neither or both of
 * {@code unit} and {@code match}, a match that is not {@code FIELD=VALUE}.
 */
final class SourceReader {

    /** The source types. */
    static final List<String> TYPES = List.of("command", "journal");

    /** A journal field name as journald accepts it, then {@code =}; or {@code +} (a disjunction). */
    private static final Pattern MATCH = Pattern.compile("\\+|[A-Z0-9_]{1,64}=.*");

    private final NodeReader reader;

    SourceReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The source at {@code node} ({@code path} is its YAML path), or empty when unusable (reported). */
    Optional<SourceSpec> read(YamlNode node, String path) {
        Optional<YamlNode.Mapping> map = reader.mapping(node, path);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        YamlNode typeNode = map.get().get("type");
        String typePath = NodeReader.child(path, "type");
        if (typeNode == null) {
            reader.issues().error(map.get().line(), typePath, "missing required key \"type\" (" + String.join(" or ",
                    TYPES) + ")");
            return Optional.empty();
        }
        Optional<String> type = reader.string(typeNode, typePath);
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return switch (type.get()) {
            case "command" -> command(map.get(), path);
            case "journal" -> journal(map.get(), path);
            default -> {
                reader.issues().error(typeNode.line(), typePath, "unknown source type \"" + type.get() + "\"; types: "
                        + String.join(", ", TYPES) + Suggestions.hint(type.get(), TYPES));
                yield Optional.empty();
            }
        };
    }

    private Optional<SourceSpec> command(YamlNode.Mapping map, String path) {
        reader.checkKeys(map, path, ConfigKeys.SOURCE_COMMAND);
        YamlNode argvNode = map.get("argv");
        String argvPath = NodeReader.child(path, "argv");
        if (argvNode == null) {
            reader.issues().error(map.line(), argvPath, "missing required key \"argv\": [/usr/bin/PROGRAM, ARG...]");
            return Optional.empty();
        }
        List<NodeReader.Item> items = reader.items(argvNode, argvPath, false).orElse(null);
        if (items == null) {
            return Optional.empty();
        }
        if (items.isEmpty()) {
            reader.issues().error(argvNode.line(), argvPath, "expected at least the program: [/usr/bin/PROGRAM, ARG...]");
            return Optional.empty();
        }
        NodeReader.Item program = items.get(0);
        if (!program(program.text(), program.line(), program.path())) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>();
        items.forEach(i -> argv.add(i.text()));
        return Optional.of(new SourceSpec.Command(argv));
    }

    private Optional<SourceSpec> journal(YamlNode.Mapping map, String path) {
        reader.checkKeys(map, path, ConfigKeys.SOURCE_JOURNAL);
        boolean ok = true;
        Path journalctl = SourceSpec.Journal.DEFAULT_JOURNALCTL;
        YamlNode jc = map.get("journalctl");
        if (jc != null) {
            String jcPath = NodeReader.child(path, "journalctl");
            Optional<String> text = reader.string(jc, jcPath);
            ok = text.isPresent() && program(text.get(), jc.line(), jcPath);
            journalctl = text.filter(t -> t.startsWith("/")).map(Path::of).orElse(journalctl);
        } else {
            program(journalctl.toString(), map.line(), NodeReader.child(path, "journalctl"));
        }
        Optional<String> unit = Optional.empty();
        YamlNode unitNode = map.get("unit");
        if (unitNode != null) {
            String unitPath = NodeReader.child(path, "unit");
            unit = reader.string(unitNode, unitPath);
            if (unit.isPresent() && (unit.get().isBlank() || unit.get().startsWith("-"))) {
                reader.issues().error(unitNode.line(), unitPath, "expected a unit name such as ssh.service, got \""
                        + unit.get() + "\"");
                ok = false;
            }
            ok &= unit.isPresent();
        }
        List<String> matches = new ArrayList<>();
        YamlNode matchNode = map.get("match");
        if (matchNode != null) {
            for (NodeReader.Item item : reader.items(matchNode, NodeReader.child(path, "match"), true)
                    .orElse(List.of())) {
                if (MATCH.matcher(item.text()).matches()) {
                    matches.add(item.text());
                } else {
                    reader.issues().error(item.line(), item.path(), "expected FIELD=VALUE (a journal field in capitals,"
                            + " such as _SYSTEMD_UNIT=ssh.service or SYSLOG_IDENTIFIER=sshd) or +, got \""
                            + item.text() + "\"");
                    ok = false;
                }
            }
        }
        if ((unitNode == null) == (matchNode == null)) {
            reader.issues().error(map.line(), path, unitNode == null
                    ? "a journal source needs \"unit\" (unit: ssh.service) or \"match\" (match: [SYSLOG_IDENTIFIER=sshd]):"
                    + " reading every entry of the journal is never what a jail wants"
                    : "give \"unit\" or \"match\", not both (for both, write the unit as match _SYSTEMD_UNIT=NAME)");
            ok = false;
        }
        Optional<Path> file = readPath(map, path, "file", false);
        Optional<Path> directory = readPath(map, path, "directory", true);
        if (file.isPresent() && directory.isPresent()) {
            reader.issues().error(map.get("directory").line(), NodeReader.child(path, "directory"),
                    "give \"file\" or \"directory\", not both");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new SourceSpec.Journal(journalctl, unit, matches, file, directory));
    }

    private Optional<Path> readPath(YamlNode.Mapping map, String path, String key, boolean directory) {
        YamlNode node = map.get(key);
        if (node == null) {
            return Optional.empty();
        }
        String keyPath = NodeReader.child(path, key);
        Optional<Path> p = reader.path(node, keyPath);
        if (p.isPresent() && !(directory ? Files.isDirectory(p.get()) : Files.isRegularFile(p.get()))) {
            reader.issues().warning(node.line(), keyPath, "journal " + (directory ? "directory " : "file ") + p.get()
                    + " not found (read once it appears)");
        }
        return p;
    }

    /** Whether {@code program} is an absolute path (an error if not); a warning when it is not there. */
    private boolean program(String program, int line, String path) {
        if (!program.startsWith("/")) {
            reader.issues().error(line, path, "'" + program + "' must be an absolute path (warden runs as root and"
                    + " never searches PATH or starts a shell; for a pipeline, write a script and run it)");
            return false;
        }
        Path p = Path.of(program);
        if (!Files.exists(p)) {
            reader.issues().warning(line, path, program + " does not exist on this host: the jail would read nothing");
        } else if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            reader.issues().warning(line, path, program + " is not an executable file: the jail would read nothing");
        }
        return true;
    }
}
