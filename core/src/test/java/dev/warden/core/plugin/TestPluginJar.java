package dev.warden.core.plugin;

import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.Spi;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a small plugin jar in a test, the way a plugin's own build would: Java sources compiled with the
 * system compiler against warden-core (for Java 17), {@code META-INF/services} lines, manifest attributes
 * (by default {@code Warden-SPI-Version: }{@link Spi#VERSION}) and resources, written with a
 * {@link JarOutputStream}. For the loader's unit tests here and the CLI's process tests (core's test-jar).
 * <pre>{@code
 * TestPluginJar.filter("com.example.DovecotFilter", "dovecot").version("1.2").write(dir.resolve("dovecot.jar"));
 * }</pre>
 * One builder makes one jar; not thread-safe.
 */
public final class TestPluginJar {

    /** The class file major version of Java 21: this Java 17 runtime refuses it. */
    public static final int JAVA_21 = 65;

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Set<String> compileOnly = new HashSet<>();
    private final Map<String, List<String>> services = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final Map<String, Integer> classVersions = new LinkedHashMap<>();

    public TestPluginJar() {
        manifest.put(Spi.MANIFEST_ATTRIBUTE, String.valueOf(Spi.VERSION));
    }

    /**
     * A jar with one working filter: for every message {@code PREFIX ADDRESS ...} (option {@code prefix},
     * default {@code "auth failed from "}) it reports a failure of that address, of kind {@code ID}, unless
     * the message is longer than the integer option {@code max-length} (default 512).
     */
    public static TestPluginJar filter(String className, String id) {
        return new TestPluginJar().source(className, filterSource(className, id, "test filter " + id))
                .service(FilterFactory.class, className);
    }

    /** A jar with one action that does nothing, with one optional string option {@code note}. */
    public static TestPluginJar action(String className, String id) {
        return new TestPluginJar().source(className, actionSource(className, id))
                .service(ActionFactory.class, className);
    }

    /** A jar whose one filter's constructor throws {@code IllegalStateException("boom in constructor")}. */
    public static TestPluginJar throwingConstructor(String className) {
        return new TestPluginJar().source(className, header(className) + """
                public final class %s implements FilterFactory {
                    public %s() { throw new IllegalStateException("boom in constructor"); }
                    public String id() { return "throwing"; }
                    public String description() { return "never made"; }
                    public Filter create(PluginOptions o, PluginContext c) { return null; }
                }
                """.formatted(simpleName(className), simpleName(className))).service(FilterFactory.class, className);
    }

    /**
     * A jar whose one filter was compiled against another SPI, whose {@code FilterFactory} called its id
     * method {@code name()}: on this Warden its {@code id()} is missing ({@link AbstractMethodError}).
     */
    public static TestPluginJar builtAgainstAnotherSpi(String className) {
        return new TestPluginJar()
                .compileOnly(FilterFactory.class.getName(), """
                        package dev.warden.core.spi;
                        public interface FilterFactory {
                            String name();
                            String description();
                            Filter create(PluginOptions options, PluginContext context);
                        }
                        """)
                .source(className, header(className) + """
                        public final class %s implements FilterFactory {
                            public String name() { return "old"; }
                            public String description() { return "built for another SPI"; }
                            public Filter create(PluginOptions o, PluginContext c) { return null; }
                        }
                        """.formatted(simpleName(className)))
                .service(FilterFactory.class, className);
    }

    /** The source of the filter of {@link #filter(String, String)}, with this description. */
    public static String filterSource(String className, String id, String description) {
        return header(className) + """
                public final class %s implements FilterFactory {
                    public String id() { return "%s"; }
                    public String description() { return "%s"; }
                    public List<OptionSpec> options() {
                        return List.of(
                                OptionSpec.optional("prefix", OptionType.STRING, "auth failed from ",
                                        "the text before the address"),
                                OptionSpec.optional("max-length", OptionType.INTEGER, "512",
                                        "longer messages are ignored"));
                    }
                    public Filter create(PluginOptions options, PluginContext context) {
                        String prefix = options.string("prefix");
                        long max = options.integer("max-length");
                        return (line, sink) -> {
                            String m = line.message();
                            if (m.length() <= max && m.startsWith(prefix)) {
                                IpAddress.parse(m.substring(prefix.length()).split(" ")[0])
                                        .ifPresent(a -> sink.failure(a, line.epochMillis(), "%s"));
                            }
                        };
                    }
                }
                """.formatted(simpleName(className), id, description, id);
    }

    /** The source of the action of {@link #action(String, String)}. */
    public static String actionSource(String className, String id) {
        return header(className) + """
                public final class %s implements ActionFactory {
                    public String id() { return "%s"; }
                    public String description() { return "test action %s"; }
                    public List<OptionSpec> options() {
                        return List.of(OptionSpec.optional("note", OptionType.STRING, null, "ignored"));
                    }
                    public Action create(PluginOptions options, PluginContext context) {
                        return new Action() {
                            public void ban(List<Ban> bans) { }
                            public void unban(List<Ban> bans) { }
                        };
                    }
                }
                """.formatted(simpleName(className), id, id);
    }

    /** {@code package ...;} and the imports every source here uses. */
    public static String header(String className) {
        int dot = className.lastIndexOf('.');
        return (dot < 0 ? "" : "package " + className.substring(0, dot) + ";\n")
                + "import dev.warden.core.spi.*;\nimport java.util.List;\n";
    }

    /** A class to compile and package. */
    public TestPluginJar source(String className, String code) {
        sources.put(className, code);
        return this;
    }

    /**
     * A class to compile the others against but leave out of the jar: a Warden SPI type as it is in
     * another version, say, so that the jar's classes link against something this Warden does not have.
     */
    public TestPluginJar compileOnly(String className, String code) {
        sources.put(className, code);
        compileOnly.add(className);
        return this;
    }

    /** Lines of {@code META-INF/services/SERVICE}; the classes need not exist. */
    public TestPluginJar service(Class<?> service, String... providers) {
        services.computeIfAbsent(service.getName(), k -> new ArrayList<>()).addAll(List.of(providers));
        return this;
    }

    /** A main manifest attribute; a null value removes it (e.g. the default {@code Warden-SPI-Version}). */
    public TestPluginJar manifest(String name, String value) {
        if (value == null) {
            manifest.remove(name);
        } else {
            manifest.put(name, value);
        }
        return this;
    }

    /** The manifest's {@code Implementation-Version}. */
    public TestPluginJar version(String version) {
        return manifest(Attributes.Name.IMPLEMENTATION_VERSION.toString(), version);
    }

    /** A text resource, e.g. {@code warden-samples/ID.log}. */
    public TestPluginJar resource(String path, String text) {
        resources.put(path, text);
        return this;
    }

    /** Marks a class as compiled for another Java: its class file major version is set to {@code major}. */
    public TestPluginJar classFileVersion(String className, int major) {
        classVersions.put(className, major);
        return this;
    }

    /** Compiles and writes the jar; returns {@code jar}. */
    public Path write(Path jar) {
        try {
            Path classes = Files.createTempDirectory("warden-plugin-classes");
            try {
                compile(classes);
                writeJar(classes, jar);
            } finally {
                try (Stream<Path> s = Files.walk(classes)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a file named like a jar that is not a zip file; returns it. */
    public static Path notAJar(Path file) {
        try {
            return Files.writeString(file, "this is not a zip file\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA-256 of a file in lower-case hex, computed here independently of discovery. */
    public static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where warden-core's classes are (a directory or a jar): what plugins compile against. */
    public static Path coreClasses() {
        try {
            return Path.of(Spi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private void compile(Path out) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("no system Java compiler: the tests need a JDK");
        }
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new Source(name, code)));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("--release", "17", "-proc:none", "-classpath", coreClasses().toString(),
                "-d", out.toString());
        if (!javac.getTask(null, null, diagnostics, options, null, units).call()) {
            StringBuilder sb = new StringBuilder("test plugin does not compile:");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                sb.append("\n  ").append(d);
            }
            throw new IllegalStateException(sb.toString());
        }
        for (String name : compileOnly) {
            Files.delete(out.resolve(name.replace('.', '/') + ".class"));
        }
        for (Map.Entry<String, Integer> e : classVersions.entrySet()) {
            Path file = out.resolve(e.getKey().replace('.', '/') + ".class");
            byte[] b = Files.readAllBytes(file);
            b[6] = (byte) (e.getValue() >> 8);
            b[7] = (byte) (int) e.getValue();
            Files.write(file, b);
        }
    }

    private void writeJar(Path classes, Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.forEach((k, v) -> m.getMainAttributes().putValue(k, v));
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, m)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(classes)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path p : files) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
            for (Map.Entry<String, List<String>> e : services.entrySet()) {
                text(out, "META-INF/services/" + e.getKey(), String.join("\n", e.getValue()) + "\n");
            }
            for (Map.Entry<String, String> e : resources.entrySet()) {
                text(out, e.getKey(), e.getValue());
            }
        }
    }

    private static void text(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
