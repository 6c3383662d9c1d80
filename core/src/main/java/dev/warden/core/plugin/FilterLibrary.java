package dev.warden.core.plugin;

import dev.warden.core.plugin.PluginKind.Candidate;
import dev.warden.core.spi.FilterFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

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
 * Each of the operator's definitions is checked when loaded ({@link FilterDefinition}: keys, option names and
 * types, a trial {@code create}); a broken one is a {@link PluginProblem} and is left out, the others load. A
 * shipped definition, checked by the build, is read and checked the same way only when first used: a run pays
 * for the library filters its jails use, not for all of them. Stateless.
 */
final class FilterLibrary {

    /** The folder of a jar holding named filter definitions. */
    static final String FOLDER = "warden-filters";


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
                    defineShipped(FOLDER + "/" + file, bytes, builtIn, known, out);
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

    /**
     * A shipped definition joins {@code out} and {@code known} unread: it is read and checked against the
     * filters known at this point the first time it is used ({@link NamedFilterFactory#deferred}). The build
     * checks every shipped definition (LibraryConformanceTest); one that fails on use anyway throws
     * IllegalStateException naming its file and problems.
     */
    private static void defineShipped(String file, byte[] bytes, PluginSource source, Map<String, FilterFactory> known,
                                      Map<String, Candidate<FilterFactory>> out) {
        String name = file.substring(file.lastIndexOf('/') + 1, file.length() - ".yaml".length());
        Map<String, FilterFactory> before = new LinkedHashMap<>(known);
        NamedFilterFactory f = NamedFilterFactory.deferred(name, () -> {
            List<String> issues = new ArrayList<>();
            NamedFilterFactory read = FilterDefinition.parse(name, bytes, before, issues);
            if (read == null || !issues.isEmpty()) {
                throw new IllegalStateException(file + ": named filter \"" + name + "\" not loaded: "
                        + String.join("; ", issues));
            }
            return read;
        });
        known.put(name, f);
        out.put(name, new Candidate<>(f, name, source));
    }

    /** Reads one definition; on success it joins {@code out} and {@code known} (replacing one of its name). */
    private static void define(String file, byte[] bytes, PluginSource source, Map<String, FilterFactory> known,
                               Map<String, Candidate<FilterFactory>> out, List<PluginProblem> problems) {
        String fileName = file.substring(file.lastIndexOf('/') + 1);
        String name = fileName.substring(0, fileName.length() - ".yaml".length());
        List<String> issues = new ArrayList<>();
        NamedFilterFactory f = FilterDefinition.parse(name, bytes, known, issues);
        if (f == null || !issues.isEmpty()) {
            String what = "named filter \"" + name + "\" not loaded: ";
            issues.forEach(i -> problems.add(PluginProblem.error(file, what + i)));
            return;
        }
        known.put(name, f);
        out.put(name, new Candidate<>(f, name, source));
    }
}
