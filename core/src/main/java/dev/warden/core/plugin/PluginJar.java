package dev.warden.core.plugin;

import dev.warden.core.spi.Spi;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/**
 * Opens one jar of the plugin folder: checks that it is a readable jar and that the SPI version its
 * manifest declares ({@value Spi#MANIFEST_ATTRIBUTE}) is this Warden's, before any of its classes is
 * loaded, and gives it its own class loader.
 *
 * <p>A jar without the attribute is loaded with a warning: it may be a hand-made jar that works, and an
 * incompatible one is still caught when its classes are linked (see {@link Providers}).
 */
final class PluginJar {

    /** A jar ready for {@link java.util.ServiceLoader}. */
    record Opened(URLClassLoader loader, PluginSource source) {
    }

    private PluginJar() {
    }

    /**
     * @param parent the parent of the jar's class loader ({@link CoreApiClassLoader})
     * @param wardenVersion this Warden's version, for the message that asks for a rebuild
     * @return the opened jar, or empty after adding the reason to {@code problems}
     */
    static Optional<Opened> open(Path jar, ClassLoader parent, String wardenVersion, List<PluginProblem> problems) {
        String where = jar.toString();
        if (!Files.isRegularFile(jar)) {
            problems.add(PluginProblem.error(where, "not a regular file; skipped"));
            return Optional.empty();
        }
        if (!Files.isReadable(jar)) {
            problems.add(PluginProblem.error(where, "cannot read: permission denied; skipped"));
            return Optional.empty();
        }
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (ZipException e) {
            problems.add(PluginProblem.error(where, "not a jar file (" + e.getMessage() + "); skipped"));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(PluginProblem.error(where, "cannot read: " + e.getMessage() + "; skipped"));
            return Optional.empty();
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        if (!spiAccepted(main.getValue(Spi.MANIFEST_ATTRIBUTE), where, wardenVersion, problems)) {
            return Optional.empty();
        }
        String version = main.getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        try {
            URLClassLoader loader = new URLClassLoader("warden-plugin:" + jar.getFileName(),
                    new URL[] {jar.toUri().toURL()}, parent);
            return Optional.of(new Opened(loader, new PluginSource(jar,
                    version == null || version.isBlank() ? PluginSource.UNKNOWN_VERSION : version.strip())));
        } catch (MalformedURLException e) {
            problems.add(PluginProblem.error(where, "cannot be loaded: " + e.getMessage() + "; skipped"));
            return Optional.empty();
        }
    }

    /** Whether the declared SPI version (null when absent) lets the jar load; reports why not, or a warning. */
    private static boolean spiAccepted(String declared, String where, String wardenVersion,
                                       List<PluginProblem> problems) {
        if (declared == null) {
            problems.add(PluginProblem.warning(where, "no " + Spi.MANIFEST_ATTRIBUTE
                    + " in its manifest; loaded as if built for Warden SPI " + Spi.VERSION
                    + " (declare it: " + Spi.MANIFEST_ATTRIBUTE + ": " + Spi.VERSION + ")"));
            return true;
        }
        int version;
        try {
            version = Integer.parseInt(declared.strip());
        } catch (NumberFormatException e) {
            problems.add(PluginProblem.error(where, Spi.MANIFEST_ATTRIBUTE + " \"" + declared
                    + "\" is not a number; refused"));
            return false;
        }
        if (version != Spi.VERSION) {
            problems.add(PluginProblem.error(where, "built for Warden SPI " + version + ", this Warden provides SPI "
                    + Spi.VERSION + "; rebuild the plugin against warden-core " + wardenVersion));
            return false;
        }
        return true;
    }
}
