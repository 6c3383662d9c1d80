package dev.warden.cli;

import dev.warden.core.config.ConfigIssue;

import java.io.PrintWriter;
import java.util.List;

/** Prints configuration issues to stderr, one per line, errors and warnings alike. */
final class Issues {

    private Issues() {
    }

    /** Prints every issue; returns true when at least one is an error. */
    static boolean print(List<ConfigIssue> issues, PrintWriter err) {
        boolean errors = false;
        for (ConfigIssue i : issues) {
            err.println(i.isError() ? "error: " + i : i.toString()); // a warning's text says "warning: " itself
            errors |= i.isError();
        }
        err.flush();
        return errors;
    }
}
