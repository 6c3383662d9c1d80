package dev.warden.core.spi;

/**
 * Where a {@link Filter} reports what a line proves. Implemented by core; called on the jail's thread,
 * only during {@link Filter#accept}.
 */
public interface FailureSink {

    /**
     * One failure of {@code address} at log time {@code epochMillis}.
     *
     * @param address the client address the daemon itself wrote, already parsed; never null
     * @param epochMillis the log time of the failure (usually {@link LogLine#epochMillis()})
     * @param kind a short constant naming the kind of failure ({@code "auth"}); never null
     */
    void failure(IpAddress address, long epochMillis, String kind);

    /**
     * A failure whose address is unknown (its session began before the log did, say). Counted for
     * reports, never banned.
     */
    void unattributed(long epochMillis, String kind);
}
