package dev.warden.core.plugin;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists the plugin folder: every {@code *.jar} directly in it, in file-name order; other files are ignored.
 * Nothing is listed from a folder that {@link Trust} refuses.
 */
final class PluginFolder {

    private PluginFolder() {
    }

    /**
     * The jars in {@code dir}, which exists (a missing folder, no plugins installed, is the caller's case). A
     * folder that {@code trust} refuses or that cannot be listed is reported in {@code problems}, and none are
     * listed.
     */
    static List<Path> jars(Path dir, Trust trust, List<PluginProblem> problems) {
        Optional<String> refused = trust.folderProblem(dir);
        if (refused.isPresent()) {
            problems.add(PluginProblem.error(dir.toString(), refused.get() + "; no plugins loaded from it"));
            return List.of();
        }
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            entries.forEach(jars::add);
        } catch (NotDirectoryException e) {
            problems.add(PluginProblem.error(dir.toString(),
                    "the plugin folder is not a directory; no plugins loaded"));
        } catch (AccessDeniedException e) {
            problems.add(PluginProblem.error(dir.toString(),
                    "cannot read the plugin folder: permission denied; no plugins loaded"));
        } catch (IOException e) {
            problems.add(PluginProblem.error(dir.toString(), "cannot read the plugin folder: " + e.getMessage()
                    + "; no plugins loaded"));
        }
        jars.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return jars;
    }
}
