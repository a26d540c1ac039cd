package dev.runway.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a point in time: an ISO-8601 instant or offset date-time, or a local date-time or date in this machine's zone. */
final class InstantArgument implements ITypeConverter<Instant> {

    private static final List<Function<String, Instant>> FORMS = List.of(
            value -> OffsetDateTime.parse(value).toInstant(),
            value -> LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant(),
            value -> LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant());

    @Override
    public Instant convert(String value) {
        for (Function<String, Instant> form : FORMS) {
            try {
                return form.apply(value);
            } catch (DateTimeParseException tryTheNextForm) {
                // fall through to the next form
            }
        }
        throw new TypeConversionException("'" + value
                + "' is not a time such as 2026-11-24T09:30:00Z, 2026-11-24T09:30 or 2026-11-24");
    }
}
