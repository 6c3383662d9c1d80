package dev.warden.core.plugin;

import java.util.ServiceConfigurationError;

/** Turns what a broken plugin throws into one line an operator can act on. */
final class Failures {

    private Failures() {
    }

    /**
     * The message of {@code e} and its causes; a {@link LinkageError} (here or among the causes) is first
     * named for what it means: a class compiled for a newer Java, a class neither the jar nor Warden's core
     * provides, or code built against an incompatible Warden SPI.
     */
    static String describe(Throwable e, Class<?> service) {
        String prefix = service.getName() + ": ";
        String message = String.valueOf(e instanceof ServiceConfigurationError || e.getMessage() == null
                ? e.getMessage() : e.toString());
        StringBuilder sb = new StringBuilder(message.startsWith(prefix) ? message.substring(prefix.length()) : message);
        LinkageError linkage = e instanceof LinkageError l ? l : null;
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" (caused by ").append(c).append(')');
            if (linkage == null && c instanceof LinkageError l) {
                linkage = l;
            }
        }
        return linkage == null ? sb.toString() : meaning(linkage) + ": " + sb;
    }

    private static String meaning(LinkageError e) {
        if (e instanceof UnsupportedClassVersionError) {
            return "compiled for a newer Java than this one (" + Runtime.version().feature() + ")";
        }
        if (e instanceof NoClassDefFoundError) {
            return "needs a class that neither its jar nor Warden's core provides";
        }
        return "built against an incompatible Warden SPI";
    }
}
