package dev.warden.core.state;

import dev.warden.core.spi.IpAddress;

import java.util.Arrays;
import java.util.Objects;

/**
 * The failure times (epoch millis, log time, ascending) still counted for one address in one jail:
 * what a jail would otherwise forget of a partial count when the daemon restarts.
 *
 * <p><b>The array is shared, not copied</b>, neither by the constructor nor by {@link #times()}, so
 * that a state of many failures is built and saved without copying each one. Whoever constructs
 * this hands the array over and must not modify it afterwards; whoever reads {@link #times()} must not
 * modify it either. {@link #equals}, {@link #hashCode} and {@link #toString} use the array's contents.
 *
 * @param jail the jail counting them; matches {@link WardenState#JAIL_NAME}
 * @param address the address that failed, never null
 * @param times at least one time, in ascending order (equal times allowed: log times are often whole
 *     seconds)
 * @param weights each time's weight in thousandths of a failure (a jail's {@code weights}), same length
 *     as {@code times}; null when every failure weighs 1000 (shared like {@code times})
 */
public record TrackedFailures(String jail, IpAddress address, long[] times, int[] weights) {

    /** Failures that each weigh one. */
    public TrackedFailures(String jail, IpAddress address, long[] times) {
        this(jail, address, times, null);
    }

    /**
     * @throws IllegalArgumentException if the jail name is not storable, or {@code times} is empty or
     *     not ascending
     * @throws NullPointerException if {@code address} or {@code times} is null
     */
    public TrackedFailures {
        WardenState.checkJail(jail);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(times, "times");
        if (times.length == 0) {
            throw new IllegalArgumentException("no failure times for " + jail + " " + address);
        }
        if (weights != null && weights.length != times.length) {
            throw new IllegalArgumentException("weights and times differ in length for " + jail + " " + address);
        }
        for (int i = 1; i < times.length; i++) {
            if (times[i] < times[i - 1]) {
                throw new IllegalArgumentException("failure times not ascending for " + jail + " " + address
                        + ": " + times[i - 1] + " then " + times[i]);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackedFailures t && jail.equals(t.jail) && address.equals(t.address)
                && Arrays.equals(times, t.times) && Arrays.equals(weights, t.weights);
    }

    @Override
    public int hashCode() {
        return ((jail.hashCode() * 31 + address.hashCode()) * 31 + Arrays.hashCode(times)) * 31
                + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "TrackedFailures[jail=" + jail + ", address=" + address + ", times=" + Arrays.toString(times)
                + (weights == null ? "" : ", weights=" + Arrays.toString(weights)) + "]";
    }
}
