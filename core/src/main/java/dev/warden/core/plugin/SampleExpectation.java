package dev.warden.core.plugin;

import dev.warden.core.spi.IpAddress;

import java.util.Optional;

/**
 * One annotation of an annotated sample log, the text after {@code # expect:} above a log line:
 * <pre>
 * none                 the line yields nothing
 * fail ADDRESS [xN]    N failures (default 1) of that address
 * unattributed [xN]    N failures (default 1) without an address
 * </pre>
 * This is the format of every filter's {@code warden-samples/ID.log} (and of the test kit's
 * {@code AnnotatedSampleLog}, which checks a filter against it).
 *
 * @param outcome what the line yields
 * @param address the failing address for {@link Outcome#FAIL}, canonical; null otherwise
 * @param times how many failures; 0 for {@link Outcome#NONE}
 */
public record SampleExpectation(Outcome outcome, IpAddress address, int times) {

    /** The text that starts an annotation line. */
    public static final String PREFIX = "# expect:";

    /** What an annotated line yields. */
    public enum Outcome {
        /** Nothing. */
        NONE,
        /** Failures of one address. */
        FAIL,
        /** Failures whose address is unknown. */
        UNATTRIBUTED
    }

    /** The annotation in {@code spec} (the text after {@value #PREFIX}); empty when it does not parse. */
    public static Optional<SampleExpectation> parse(String spec) {
        String[] f = spec.trim().split("\\s+");
        switch (f[0]) {
            case "none":
                return Optional.of(new SampleExpectation(Outcome.NONE, null, 0));
            case "unattributed": {
                int times = f.length > 1 ? times(f[1]) : 1;
                return times > 0 ? Optional.of(new SampleExpectation(Outcome.UNATTRIBUTED, null, times))
                        : Optional.empty();
            }
            case "fail": {
                Optional<IpAddress> address = f.length > 1 ? IpAddress.parse(f[1]) : Optional.empty();
                int times = f.length > 2 ? times(f[2]) : 1;
                return address.isPresent() && times > 0
                        ? Optional.of(new SampleExpectation(Outcome.FAIL, address.get(), times)) : Optional.empty();
            }
            default:
                return Optional.empty();
        }
    }

    /** {@code xN} as N; -1 when it is not that. */
    private static int times(String s) {
        return s.matches("x\\d{1,6}") ? Integer.parseInt(s.substring(1)) : -1;
    }
}
