package dev.warden.core.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds a filter's annotated sample logs: {@code warden-samples/ID.log} and {@code warden-samples/ID-VARIANT.log}
 * in the jar (or class directory) its factory class was loaded from. A plugin jar ships its samples the
 * way the built-ins do, so {@code warden plugins --describe} shows them for both.
 */
public final class SampleLogs {

    /** The folder of a jar that holds the sample logs. */
    public static final String FOLDER = "warden-samples";

    private SampleLogs() {
    }

    /**
     * The summaries of the samples of the filter with this id whose factory is {@code factory}, by file name;
     * empty when there are none or the factory's class has no jar or directory to look in.
     *
     * @throws IOException when its jar or directory cannot be read
     */
    public static List<SampleLogSummary> of(Object factory, String id) throws IOException {
        Path where = codeSource(factory.getClass());
        if (where == null) {
            return List.of();
        }
        Map<String, List<String>> samples = Files.isDirectory(where) ? fromDirectory(where.resolve(FOLDER), id)
                : fromJar(where, id);
        List<SampleLogSummary> out = new ArrayList<>();
        samples.forEach((name, lines) -> out.add(SampleLogSummary.of(name, lines)));
        return out;
    }

    /** Whether {@code fileName} is a sample of filter {@code id}. */
    static boolean isSampleOf(String fileName, String id) {
        return fileName.equals(id + ".log") || fileName.startsWith(id + "-") && fileName.endsWith(".log");
    }

    private static Path codeSource(Class<?> type) {
        CodeSource cs = type.getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return null;
        }
        try {
            return Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return null; // not a file: nothing to list
        }
    }

    private static Map<String, List<String>> fromDirectory(Path folder, String id) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (isSampleOf(name, id) && Files.isRegularFile(f)) {
                    out.put(name, lines(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> fromJar(Path jar, String id) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (e.getName().equals(FOLDER + "/" + name) && isSampleOf(name, id)) {
                    try (InputStream in = file.getInputStream(e)) {
                        out.put(name, lines(in.readAllBytes()));
                    }
                }
            }
        }
        return out;
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
