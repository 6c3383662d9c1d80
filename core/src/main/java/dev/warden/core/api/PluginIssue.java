package dev.warden.core.api;

import dev.warden.core.plugin.PluginProblem;

/**
 * Something that went wrong while discovering plugins ({@link Plugins#issues()}): a jar that could not be
 * read or was refused, a provider that could not be loaded, an invalid or repeated id. Discovery reports it
 * and goes on. A value: equal when severity, source and message are.
 */
public final class PluginIssue {

    private final PluginProblem problem;

    PluginIssue(PluginProblem problem) {
        this.problem = problem;
    }

    /** An error: something was not loaded. Otherwise a warning: it was, but probably not as meant. */
    public boolean isError() {
        return problem.isError();
    }

    /** The jar or folder it concerns; empty (never null) for a built-in. */
    public String source() {
        return problem.source();
    }

    /** What is wrong, in the operator's words; never null. */
    public String message() {
        return problem.message();
    }

    /** {@code SOURCE: MESSAGE}, with {@code warning: } before a warning's message; no source part when empty. */
    @Override
    public String toString() {
        return problem.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PluginIssue other && problem.equals(other.problem);
    }

    @Override
    public int hashCode() {
        return problem.hashCode();
    }
}
