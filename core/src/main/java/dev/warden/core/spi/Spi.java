package dev.warden.core.spi;

/**
 * The version of this service provider interface, and how a plugin jar says which version it was built for.
 *
 * <p>A plugin jar declares the SPI it was compiled against in its manifest:
 * <pre>
 * Warden-SPI-Version: 1
 * </pre>
 * (with Maven: {@code maven-jar-plugin}, {@code <archive><manifestEntries><Warden-SPI-Version>1</...>}).
 * Warden refuses a jar that declares another version than {@link #VERSION}, before loading any of its
 * classes, and says which version the jar was built for and which one this Warden provides.
 *
 * <p><b>Compatibility rule.</b> {@link #VERSION} goes up exactly when a plugin compiled against the
 * previous SPI could misbehave on the new one: a type or method of this package removed or renamed, a
 * signature changed, an abstract method added to an interface that plugins implement ({@link FilterFactory},
 * {@link Filter}, {@link ActionFactory}, {@link Action}), or a written contract changed in meaning.
 * Additions an existing plugin cannot notice keep the version: a default method, a method on a type that
 * core implements ({@link PluginOptions}, {@link PluginContext}, {@link LogLine}...), a new
 * {@link OptionType}, a new class. Within one SPI version a plugin therefore runs on every Warden at least
 * as new as the {@code warden-core} it was compiled against; one that calls something its Warden does not
 * have yet fails with a {@link LinkageError}, which Warden reports as "built against an incompatible SPI".
 */
public final class Spi {

    /** The SPI version this Warden provides. */
    public static final int VERSION = 1;

    /** The jar manifest attribute in which a plugin declares the SPI version it was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Warden-SPI-Version";

    private Spi() {
    }
}
