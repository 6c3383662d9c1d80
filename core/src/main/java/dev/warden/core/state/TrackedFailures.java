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
 */
public record TrackedFailures(String jail, IpAddress address, long[] times) {

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
                && Arrays.equals(times, t.times);
    }

    @Override
    public int hashCode() {
        return (jail.hashCode() * 31 + address.hashCode()) * 31 + Arrays.hashCode(times);
    }

    @Override
    public String toString() {
        return "TrackedFailures[jail=" + jail + ", address=" + address + ", times=" + Arrays.toString(times) + "]";
    }
}
