package dev.warden.core.config;

import java.util.Objects;

/**
 * One problem found while loading configuration, located precisely enough for an editor to jump to.
 *
 * @param severity how bad it is; never null
 * @param message what is wrong, in the operator's words; never null
 * @param file the file it is in, as given; never null (empty when there is no file)
 * @param line the 1-based line, or 0 when unknown
 * @param yamlPath where in the YAML, such as {@code jails.smtpd-auth.max-retry} or
 *     {@code jails.x.actions[0].table}; empty for the whole file or for lines of a non-YAML file
 */
public record ConfigIssue(Severity severity, String message, String file, int line, String yamlPath) {

    /** How bad an issue is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration can be used, but probably not as meant. */
        WARNING
    }

    public ConfigIssue {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(yamlPath, "yamlPath");
        if (line < 0) {
            throw new IllegalArgumentException("line " + line);
        }
    }

    /** An error. */
    public static ConfigIssue error(String file, int line, String yamlPath, String message) {
        return new ConfigIssue(Severity.ERROR, message, file, line, yamlPath);
    }

    /** A warning. */
    public static ConfigIssue warning(String file, int line, String yamlPath, String message) {
        return new ConfigIssue(Severity.WARNING, message, file, line, yamlPath);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * {@code FILE:LINE: YAML_PATH: MESSAGE}, the way compilers print errors; the line is left out when
     * unknown and the YAML path when empty. A warning's message starts with {@code warning: }.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (!yamlPath.isEmpty()) {
            sb.append(yamlPath).append(": ");
        }
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        return sb.append(message).toString();
    }
}
