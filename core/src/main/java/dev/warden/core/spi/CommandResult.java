package dev.warden.core.spi;

/**
 * What an external program did.
 *
 * @param exitCode its exit status; -1 when it timed out
 * @param stdout what it wrote to standard output (UTF-8)
 * @param stderr what it wrote to standard error (UTF-8)
 * @param timedOut whether it was killed at the timeout
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut) {

    /** True when it finished in time with exit status 0. */
    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
