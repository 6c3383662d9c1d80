package dev.warden.core.api;

import java.util.Objects;

/**
 * Something that went wrong while discovering plugins ({@link Plugins#issues()}): a jar that could not be
 * read or was refused, a provider that could not be loaded, an invalid or repeated id. Discovery reports
 * it and goes on.
 *
 * @param severity {@link Severity#ERROR}: something was not loaded; {@link Severity#WARNING}: it was, but
 *     probably not as meant; never null
 * @param source the jar or folder it concerns; empty (never null) for a built-in
 * @param message what is wrong, in the operator's words; never null
 */
public record PluginIssue(Severity severity, String source, String message) {

    /** How bad an issue is. */
    public enum Severity {
        /** A jar or provider was not used. */
        ERROR,
        /** Everything was loaded, but something should be fixed. */
        WARNING
    }

    public PluginIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code SOURCE: MESSAGE}, with {@code warning: } before a warning's message; no source part when empty. */
    @Override
    public String toString() {
        String text = severity == Severity.WARNING ? "warning: " + message : message;
        return source.isEmpty() ? text : source + ": " + text;
    }
}
