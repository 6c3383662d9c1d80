package dev.warden.cli;

import dev.warden.core.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;

/** Reads a duration option the way the configuration does: {@code 90s}, {@code 10m}, {@code 1h}, {@code 5d}. */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration d = Durations.parse(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration such as 90s, 10m, 1h, 5d or 1w"));
        if (d.isZero()) {
            throw new TypeConversionException("a duration of 0 makes no sense here");
        }
        return d;
    }
}
