package dev.warden.core.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.core.config.MapPluginOptions;
import dev.warden.core.plugin.PluginKind.Candidate;
import dev.warden.core.spi.CommandRunner;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Named filters defined as data: each {@code NAME.yaml} is a filter {@code NAME} made of another filter type
 * with some of its options fixed ({@link NamedFilterFactory}). Definitions come from the folder
 * {@value #FOLDER} of the jar (or class directory) of every built-in filter factory (Warden's filter library),
 * then from the operator's folder ({@code filter-dir}), whose file of a name replaces the built-in one. A
 * plugin jar's filter of the same name takes the place of a shipped definition. The format:
 * <pre>
 * description: Postfix SMTP: rejected clients, failed SASL logins
 * type: regex          # the filter it is made of: a filter type, a library filter, or itself (the one it replaces)
 * options:             # that filter's options, as a jail would write them
 *   tag: ...
 *   fail: [...]
 * </pre>
 * Each definition is checked when loaded (keys, option names and types, and a trial {@code create}); a broken
 * one is a {@link PluginProblem} and is left out, the others load. Stateless.
 */
final class FilterLibrary {

    /** The folder of a jar holding named filter definitions. */
    static final String FOLDER = "warden-filters";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> KEYS = List.of("description", "type", "options");

    private FilterLibrary() {
    }

    /**
     * The named filters of the built-ins' jars and of {@code filterDir}, resolved against {@code filters} (the
     * filter factories found so far), by name in load order.
     *
     * @param filterDir the operator's folder; null or missing for none
     */
    static List<Candidate<FilterFactory>> load(List<Candidate<FilterFactory>> filters, String wardenVersion,
                                                Path filterDir, Supplier<Trust> trust, List<PluginProblem> problems) {
        return load(builtInCode(filters), filters, wardenVersion, filterDir, trust, problems);
    }

    /**
     * As {@link #load(List, String, Path, Supplier, List)}, with the shipped definitions read from
     * {@code shippedIn}. The operator's folder and files must pass {@code trust} like plugin jars (asked only
     * when the folder exists): they decide which addresses are banned.
     */
    static List<Candidate<FilterFactory>> load(List<Path> shippedIn, List<Candidate<FilterFactory>> filters,
                                                String wardenVersion, Path filterDir, Supplier<Trust> trust,
                                                List<PluginProblem> problems) {
        Map<String, FilterFactory> known = new LinkedHashMap<>();
        filters.forEach(c -> known.putIfAbsent(c.id(), c.factory()));
        // a plugin jar's filter takes the place of a shipped definition of its name: installing it is the
        // operator's choice (the library has a dovecot; so do plugins written before it)
        Set<String> fromJars = new HashSet<>();
        filters.stream().filter(c -> !c.source().isBuiltIn()).forEach(c -> fromJars.add(c.id()));
        Map<String, Candidate<FilterFactory>> out = new LinkedHashMap<>();
        PluginSource builtIn = PluginSource.library(wardenVersion);
        for (Path where : shippedIn) {
            Map<String, byte[]> files;
            try {
                files = CodeResources.read(where, FOLDER, n -> n.endsWith(".yaml"));
            } catch (IOException e) {
                problems.add(PluginProblem.error(where.toString(), "cannot read " + FOLDER + "/: " + e.getMessage()));
                continue;
            }
            files.forEach((file, bytes) -> {
                if (!fromJars.contains(file.substring(0, file.length() - ".yaml".length()))) {
                    define(FOLDER + "/" + file, bytes, builtIn, known, out, problems);
                }
            });
        }
        if (filterDir != null && !Files.notExists(filterDir, LinkOption.NOFOLLOW_LINKS)) {
            operatorFiles(filterDir, trust.get(), problems).forEach((file, bytes) -> define(file.toString(), bytes,
                    new PluginSource(file, PluginSource.UNKNOWN_VERSION, sha256(bytes)), known, out, problems));
        }
        return new ArrayList<>(out.values());
    }

    /** The SHA-256 of a definition as read, in lower-case hex: shown like a plugin jar's. */
    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The jars and class directories of the built-in filter factories, each once. */
    private static List<Path> builtInCode(List<Candidate<FilterFactory>> filters) {
        List<Path> out = new ArrayList<>();
        for (Candidate<FilterFactory> c : filters) {
            Path p = c.source().isBuiltIn() ? CodeResources.codeSource(c.factory().getClass()) : null;
            if (p != null && !out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private static Map<Path, byte[]> operatorFiles(Path dir, Trust trust, List<PluginProblem> problems) {
        Map<Path, byte[]> out = new TreeMap<>();
        Optional<String> refused = trust.folderProblem(dir);
        if (refused.isPresent()) {
            problems.add(PluginProblem.error(dir.toString(), refused.get() + "; no named filters loaded from it"));
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path f : files) {
                Optional<String> file = trust.jarProblem(Lstat.of(f));
                if (file.isPresent()) {
                    problems.add(PluginProblem.error(f.toString(), file.get() + "; skipped"));
                } else {
                    out.put(f, Files.readAllBytes(f));
                }
            }
        } catch (IOException e) {
            problems.add(PluginProblem.error(dir.toString(), "cannot read the filter folder: " + e));
        }
        return out;
    }

    /** Reads one definition; on success it joins {@code out} and {@code known} (replacing one of its name). */
    private static void define(String file, byte[] bytes, PluginSource source, Map<String, FilterFactory> known,
                               Map<String, Candidate<FilterFactory>> out, List<PluginProblem> problems) {
        String fileName = file.substring(file.lastIndexOf('/') + 1);
        String name = fileName.substring(0, fileName.length() - ".yaml".length());
        List<String> issues = new ArrayList<>();
        NamedFilterFactory f = parse(name, bytes, known, issues);
        if (f == null || !issues.isEmpty()) {
            issues.forEach(i -> problems.add(PluginProblem.error(file, "named filter \"" + name + "\" not loaded: " + i)));
            return;
        }
        known.put(name, f);
        out.put(name, new Candidate<>(f, name, source));
    }

    private static NamedFilterFactory parse(String name, byte[] bytes, Map<String, FilterFactory> known,
                                            List<String> issues) {
        if (!NAME.matcher(name).matches()) {
            issues.add("a filter name is lower-case letters, digits and '-', starting with a letter or digit");
            return null;
        }
        Map<?, ?> doc;
        try {
            Object read = YAML.readValue(bytes, Object.class);
            if (!(read instanceof Map<?, ?> m)) {
                issues.add("expected a map with description, type and options");
                return null;
            }
            doc = m;
        } catch (JsonProcessingException e) {
            issues.add("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return null;
        } catch (IOException e) {
            issues.add(e.toString());
            return null;
        }
        doc.keySet().stream().filter(k -> !KEYS.contains(String.valueOf(k)))
                .forEach(k -> issues.add("unknown key \"" + k + "\" (keys: " + String.join(", ", KEYS) + ")"));
        String type = doc.get("type") instanceof String t ? t : null;
        String description = doc.get("description") instanceof String d ? d : null;
        if (type == null || description == null) {
            issues.add("needs \"type\" (the filter it is made of) and \"description\" (one line)");
            return null;
        }
        FilterFactory base = known.get(type);
        if (base == null) {
            issues.add("type \"" + type + "\" is no known filter (known: " + String.join(", ", known.keySet()) + ")");
            return null;
        }
        Object rawOptions = doc.get("options");
        if (rawOptions != null && !(rawOptions instanceof Map<?, ?>)) {
            issues.add("\"options\" must be a map of " + type + "'s options");
            return null;
        }
        Map<String, Object> values = options(type, base, rawOptions == null ? Map.of() : (Map<?, ?>) rawOptions, issues);
        NamedFilterFactory f = new NamedFilterFactory(name, description, base, values);
        if (issues.isEmpty()) {
            tryCreate(f, issues);
        }
        return f;
    }

    /** The definition's option values, type-checked against {@code base}'s declared options. */
    private static Map<String, Object> options(String type, FilterFactory base, Map<?, ?> raw, List<String> issues) {
        Map<String, OptionSpec> specs = new LinkedHashMap<>();
        base.options().forEach(s -> specs.put(s.name(), s));
        Map<String, Object> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            OptionSpec spec = specs.get(String.valueOf(k));
            if (spec == null) {
                issues.add("options." + k + ": unknown option of " + type + " (options: "
                        + String.join(", ", specs.keySet()) + ")");
                return;
            }
            Object value = v instanceof List<?> l ? l.stream().map(String::valueOf).toList() : v;
            String error = value == null ? "expected a value" : MapPluginOptions.typeError(spec, value);
            if (error != null) {
                issues.add("options." + k + ": " + error);
            } else {
                values.put(spec.name(), value);
            }
        });
        return values;
    }

    /** Creates the filter once, so that a pattern that does not compile is found at load, not in a jail. */
    private static void tryCreate(NamedFilterFactory f, List<String> issues) {
        for (OptionSpec s : f.options()) {
            if (s.required()) {
                issues.add("options." + s.name() + ": required by " + f.base().id() + " and not set");
            }
        }
        if (!issues.isEmpty()) {
            return;
        }
        try {
            f.create(new MapPluginOptions(f.options(), Map.of()), CHECK);
        } catch (PluginConfigException e) {
            issues.add("options." + e.option() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            issues.add("the " + f.base().id() + " filter failed on it: " + e);
        }
    }

    /** The context of the trial {@code create}: no jail, a fixed clock, no command may run. */
    private static final PluginContext CHECK = new PluginContext() {
        @Override
        public String jailName() {
            return "(filter library check)";
        }

        @Override
        public Clock clock() {
            return Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        }

        @Override
        public CommandRunner commandRunner() {
            return (argv, stdin, timeout) -> {
                throw new IllegalStateException("a filter definition check runs no command");
            };
        }
    };
}
