package dev.warden.cli;

/**
 * The exit codes of every {@code warden} command (documented in README.md, docs/operations.md, {@code --help} and
 * docs/man/warden.8, whose EXIT STATUS ManPageTest holds to these constants).
 */
public final class ExitCodes {

    /** Done. */
    public static final int OK = 0;
    /** A runtime problem: a log file could not be read, no daemon answers; for {@code plugins}, a jar did not load. */
    public static final int RUNTIME = 1;
    /** Bad configuration or command line, or a state directory Warden refuses to trust: nothing was started. */
    public static final int CONFIG = 2;
    /** The work was done but an action failed (e.g. pfctl exited non-zero); it is retried on the next run. */
    public static final int ACTION_FAILED = 3;

    private ExitCodes() {
    }
}
