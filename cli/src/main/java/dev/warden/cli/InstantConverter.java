package dev.warden.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads {@code --now}: an ISO-8601 instant ({@code 2025-01-01T00:30:00Z}) or date-time with offset. */
final class InstantConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e2) {
                throw new TypeConversionException("'" + value
                        + "' is not an ISO-8601 instant such as 2025-01-01T00:30:00Z or 2025-01-01T01:30:00+01:00");
            }
        }
    }
}
