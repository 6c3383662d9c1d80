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
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The files of one folder inside the jar (or class directory) a class was loaded from: how sample logs
 * ({@code warden-samples/}) and named filter definitions ({@code warden-filters/}) ship beside the code.
 * Stateless.
 */
final class CodeResources {

    private CodeResources() {
    }

    /**
     * A folder's list of its files, one name a line, which spares a jar's reader the listing of all its
     * entries (the release jar has 4,400: 9 ms of every command's start, for the filter library).
     */
    static final String INDEX = "index";

    /** The jar or class directory {@code type} was loaded from, or null when it has none on the file system. */
    static Path codeSource(Class<?> type) {
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

    /**
     * The bytes of each regular file directly in {@code folder} of {@code where} (a jar or a class directory)
     * whose name {@code names} accepts, by file name, sorted; empty when the folder is missing. In a jar whose
     * folder has an {@link #INDEX}, the files it lists (a listed file missing is an error).
     *
     * @throws IOException when the jar or directory cannot be read
     */
    static Map<String, byte[]> read(Path where, String folder, Predicate<String> names) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(where)) {
            Path dir = where.resolve(folder);
            if (!Files.isDirectory(dir)) {
                return out;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (names.test(name) && Files.isRegularFile(f)) {
                        out.put(name, Files.readAllBytes(f));
                    }
                }
            }
            return out;
        }
        try (JarFile file = new JarFile(where.toFile(), false)) {
            JarEntry index = file.getJarEntry(folder + "/" + INDEX);
            if (index != null) {
                return readIndexed(file, index, folder, names);
            }
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (e.getName().equals(folder + "/" + name) && !name.isEmpty() && names.test(name)) {
                    try (InputStream in = file.getInputStream(e)) {
                        out.put(name, in.readAllBytes());
                    }
                }
            }
        }
        return out;
    }

    /** The files {@code index} lists (blank lines and {@code #} comments skipped); each must be there. */
    private static Map<String, byte[]> readIndexed(JarFile file, JarEntry index, String folder,
                                                   Predicate<String> names) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        String listed;
        try (InputStream in = file.getInputStream(index)) {
            listed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : listed.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#") || !names.test(name)) {
                continue;
            }
            JarEntry e = file.getJarEntry(folder + "/" + name);
            if (e == null) {
                throw new IOException(folder + "/" + INDEX + " lists " + name + ", which is not in the jar");
            }
            try (InputStream in = file.getInputStream(e)) {
                out.put(name, in.readAllBytes());
            }
        }
        return out;
    }
}
