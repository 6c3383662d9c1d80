package dev.warden.core.config;

import dev.warden.core.net.Cidr;
import dev.warden.core.net.HostResolver;
import dev.warden.core.net.IgnoreList;
import dev.warden.core.spi.IpAddress;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code ignore} and {@code ignore-files} keys of a mapping (the top level or a jail) into an
 * {@link IgnoreList}. Each ignore file is read once per load even when several jails name it, so its bad
 * lines are reported once, at the ignore file's own path and line. An {@code ignore} entry written like a
 * host name is resolved now, through the {@link HostResolver}, once per load however many lists name it, into
 * its addresses; a name that does not resolve is a warning (as in fail2ban, whose {@code ignoreip} takes
 * names: the jails run, and the name ignores nothing until a reload resolves it).
 */
final class IgnoreSection {

    static final String IGNORE = "ignore";
    static final String IGNORE_FILES = "ignore-files";
    /** Whether this host's own addresses are ignored too (top level and jails; default true). */
    static final String IGNORE_SELF = "ignore-self";

    private final NodeReader reader;
    private final Map<Path, Optional<List<Cidr>>> filesRead = new HashMap<>();
    private final HostResolver resolver;
    /** Each name resolved in this load: its ranges, or why it did not resolve. */
    private final Map<String, Object> names = new HashMap<>();

    IgnoreSection(NodeReader reader, HostResolver resolver) {
        this.reader = reader;
        this.resolver = resolver;
    }

    /** The ranges of {@code map}'s {@code ignore} and {@code ignore-files}; empty list when neither is set. */
    IgnoreList read(YamlNode.Mapping map, String path) {
        List<Cidr> ranges = new ArrayList<>();
        YamlNode ignore = map.get(IGNORE);
        if (ignore != null) {
            for (NodeReader.Item item : reader.items(ignore, NodeReader.child(path, IGNORE), false).orElse(List.of())) {
                Optional<Cidr> range = Cidr.parse(item.text());
                if (range.isPresent()) {
                    ranges.add(range.get());
                } else if (HostResolver.looksLikeName(item.text())) {
                    ranges.addAll(resolve(item));
                } else {
                    reader.issues().error(item.line(), item.path(),
                            "not an address, CIDR range or host name: \"" + item.text() + "\"");
                }
            }
        }
        YamlNode files = map.get(IGNORE_FILES);
        if (files != null) {
            for (NodeReader.Item item : reader.items(files, NodeReader.child(path, IGNORE_FILES), false)
                    .orElse(List.of())) {
                reader.path(item.text(), item.line(), item.path())
                        .flatMap(file -> readFile(file, item.line(), item.path()))
                        .ifPresent(ranges::addAll);
            }
        }
        return IgnoreList.of(ranges);
    }

    /** The addresses of the name {@code item}, each a range of its own; none (a warning) when it does not resolve. */
    @SuppressWarnings("unchecked")
    private List<Cidr> resolve(NodeReader.Item item) {
        String name = item.text().toLowerCase(java.util.Locale.ROOT);
        Object known = names.computeIfAbsent(name, n -> {
            try {
                List<Cidr> out = new ArrayList<>();
                for (IpAddress a : resolver.resolve(n)) {
                    out.add(Cidr.of(a));
                }
                return out;
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        if (known instanceof String why) {
            reader.issues().warning(item.line(), item.path(), "host name \"" + item.text() + "\" did not resolve ("
                    + why + "): it ignores nothing until a reload resolves it");
            return List.of();
        }
        return (List<Cidr>) known;
    }

    private Optional<List<Cidr>> readFile(Path file, int line, String yamlPath) {
        Optional<List<Cidr>> known = filesRead.get(file);
        if (known != null) {
            return known;
        }
        Optional<List<Cidr>> result = Optional.empty();
        if (Files.isDirectory(file)) {
            reader.issues().error(line, yamlPath, "ignore file " + file + " is a directory");
        } else if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a device (/dev/zero) would fill memory, a FIFO would block every load and reload
            reader.issues().error(line, yamlPath, "ignore file " + file + " is not a regular file");
        } else {
            try {
                ConfigResult<List<Cidr>> read = IgnoreFiles.read(file);
                reader.issues().addAll(read.issues());
                result = read.value();
            } catch (IOException e) {
                reader.issues().error(line, yamlPath, "cannot read ignore file " + file + ": " + reason(e));
            }
        }
        filesRead.put(file, result);
        return result;
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "file not found";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return String.valueOf(e.getMessage());
    }
}
