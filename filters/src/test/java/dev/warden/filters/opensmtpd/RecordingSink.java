package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.FailureSink;
import dev.warden.core.spi.IpAddress;

import java.util.HashMap;
import java.util.Map;

/** Counts what a filter reports; allocation-free when only counting totals ({@link #recordAddresses} off). */
final class RecordingSink implements FailureSink {

    final Map<IpAddress, Integer> failures = new HashMap<>();
    int failureCount;
    int unattributed;
    IpAddress last;
    private final boolean recordAddresses;

    RecordingSink(boolean recordAddresses) {
        this.recordAddresses = recordAddresses;
    }

    RecordingSink() {
        this(true);
    }

    @Override
    public void failure(IpAddress address, long epochMillis, String kind) {
        failureCount++;
        last = address;
        if (recordAddresses) {
            failures.merge(address, 1, Integer::sum);
        }
    }

    @Override
    public void unattributed(long epochMillis, String kind) {
        unattributed++;
        last = null;
    }
}
