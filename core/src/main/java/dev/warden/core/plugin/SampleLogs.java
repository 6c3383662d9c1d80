package dev.warden.core.plugin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a filter's annotated sample logs: {@code warden-samples/ID.log} and {@code warden-samples/ID-VARIANT.log}
 * in the jar (or class directory) its factory class was loaded from (for a named filter defined as data, the jar of
 * the Java filter it is defined with). A plugin jar ships its samples the
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
        Object code = factory instanceof NamedFilterFactory named ? named.root() : factory;
        Path where = CodeResources.codeSource(code.getClass());
        if (where == null) {
            return List.of();
        }
        List<SampleLogSummary> out = new ArrayList<>();
        CodeResources.read(where, FOLDER, name -> isSampleOf(name, id))
                .forEach((name, bytes) -> out.add(SampleLogSummary.of(name, lines(bytes))));
        return out;
    }

    /** Whether {@code fileName} is a sample of filter {@code id}. */
    static boolean isSampleOf(String fileName, String id) {
        return fileName.equals(id + ".log") || fileName.startsWith(id + "-") && fileName.endsWith(".log");
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
