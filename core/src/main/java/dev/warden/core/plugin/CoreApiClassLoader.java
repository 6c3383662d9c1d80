package dev.warden.core.plugin;

import java.util.List;

/**
 * The parent of every plugin jar's class loader: what a plugin sees besides its own jar. That is the Java
 * platform, warden-core ({@code dev.warden.core.*}, whose {@code spi} package it implements) and the
 * logging API core uses ({@code org.slf4j.*}), taken from core's own class loader so that the SPI types
 * are the very ones core uses. Nothing else on Warden's class path is visible: not the built-in filters
 * and actions nor their {@code META-INF/services} files, not other plugins, not the CLI's libraries, not
 * core's own libraries (Jackson). A plugin that needs a library carries it in its jar.
 *
 * <p>Resources come from the platform only, so a {@link java.util.ServiceLoader} over a plugin's loader
 * finds exactly the providers its jar lists. Stateless beyond what {@link ClassLoader} keeps; one instance
 * can serve every jar.
 */
final class CoreApiClassLoader extends ClassLoader {

    /** The package prefixes a plugin shares with core. */
    static final List<String> SHARED = List.of("dev.warden.core.", "org.slf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader core;

    /** @param core the class loader that loaded warden-core */
    CoreApiClassLoader(ClassLoader core) {
        super("warden-core-api", ClassLoader.getPlatformClassLoader());
        this.core = core;
    }

    /** Called after the platform had no such class: core's classes, and nothing else. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (String prefix : SHARED) {
            if (name.startsWith(prefix)) {
                return core.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name);
    }
}
