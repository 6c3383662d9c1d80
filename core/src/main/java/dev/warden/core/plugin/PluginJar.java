package dev.warden.core.plugin;

import dev.warden.core.spi.Spi;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipException;

/**
 * Opens one jar of the plugin folder: checks that {@link Trust} accepts it, reads it once for its SHA-256,
 * checks that it is a readable jar and that the SPI version its manifest declares
 * ({@value Spi#MANIFEST_ATTRIBUTE}) is this Warden's, before any of its classes is loaded, and gives it its
 * own class loader.
 *
 * <p>The jar is examined with {@code lstat}, then read with {@code O_NOFOLLOW} (a link put in its place is
 * not followed), then examined again: a different file (device and inode), size, modification or change
 * time means it changed in between, and it is skipped. Java cannot {@code fstat} what it opened, nor give a
 * class loader an open file: the manifest and the classes are read again by path, the classes lazily for as
 * long as the plugin runs. That these are the bytes hashed rests on the checks themselves: only root and
 * Warden's user can write the jar or replace it in the folder.
 *
 * <p>A jar without the SPI attribute is loaded with a warning: it may be a hand-made jar that works, and an
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
    static Optional<Opened> open(Path jar, ClassLoader parent, String wardenVersion, Trust trust,
                                 List<PluginProblem> problems) {
        String where = jar.toString();
        Optional<String> sha256 = trustedDigest(jar, trust, where, problems);
        Optional<Attributes> main = sha256.flatMap(s -> manifest(jar, where, problems));
        if (main.isEmpty() || !spiAccepted(main.get().getValue(Spi.MANIFEST_ATTRIBUTE), where, wardenVersion,
                problems)) {
            return Optional.empty();
        }
        String version = main.get().getValue(Attributes.Name.IMPLEMENTATION_VERSION);
        try {
            URLClassLoader loader = new URLClassLoader("warden-plugin:" + jar.getFileName(),
                    new URL[] {jar.toUri().toURL()}, parent);
            return Optional.of(new Opened(loader, new PluginSource(jar,
                    version == null || version.isBlank() ? PluginSource.UNKNOWN_VERSION : version.strip(),
                    sha256.get())));
        } catch (MalformedURLException e) {
            problems.add(PluginProblem.error(where, "cannot be loaded: " + e.getMessage() + "; skipped"));
            return Optional.empty();
        }
    }

    /**
     * The SHA-256 of a jar that {@code trust} accepts and that did not change while it was read; else empty,
     * after reporting why.
     */
    private static Optional<String> trustedDigest(Path jar, Trust trust, String where,
                                                  List<PluginProblem> problems) {
        try {
            Lstat before = Lstat.of(jar);
            Optional<String> refused = trust.jarProblem(before);
            if (refused.isPresent()) {
                problems.add(PluginProblem.error(where, refused.get() + "; skipped"));
                return Optional.empty();
            }
            String sha256 = sha256(jar);
            if (!before.unchanged(Lstat.of(jar))) {
                problems.add(PluginProblem.error(where, "changed while it was read; skipped (replace a jar with"
                        + " a new file: install, or mv of a copy)"));
                return Optional.empty();
            }
            return Optional.of(sha256);
        } catch (AccessDeniedException e) {
            problems.add(PluginProblem.error(where, "cannot read: permission denied; skipped"));
        } catch (IOException e) {
            problems.add(PluginProblem.error(where, "cannot read: " + e.getMessage() + "; skipped"));
        }
        return Optional.empty();
    }

    /** Reads the whole file once, never through a symbolic link; its SHA-256 in lower-case hex. */
    private static String sha256(Path jar) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (SeekableByteChannel in = Files.newByteChannel(jar, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (in.read(buffer) >= 0) {
                digest.update(buffer.flip());
                buffer.clear();
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The main attributes of the jar's manifest (none without one); empty when it is not a readable jar. */
    private static Optional<Attributes> manifest(Path jar, String where, List<PluginProblem> problems) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            return Optional.of(manifest == null ? new Attributes() : manifest.getMainAttributes());
        } catch (ZipException e) {
            problems.add(PluginProblem.error(where, "not a jar file (" + e.getMessage() + "); skipped"));
        } catch (IOException e) {
            problems.add(PluginProblem.error(where, "cannot read: " + e.getMessage() + "; skipped"));
        }
        return Optional.empty();
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
