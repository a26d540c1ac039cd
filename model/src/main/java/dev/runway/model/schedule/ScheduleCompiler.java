package dev.runway.model.schedule;

import dev.runway.model.schema.FieldError;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Reads a {@link ScheduleSpec} field by field: the {@link Schedule} it declares, or every reason it declares none. */
final class ScheduleCompiler {

    static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    static final Duration LONGEST_INTERVAL = Duration.ofDays(366);

    private ScheduleCompiler() {
    }

    /** @param schedule null when there are errors */
    record Compiled(Schedule schedule, List<FieldError> errors) {
    }

    static Compiled compile(ScheduleSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = zone(spec.timezone(), errors);
        Schedule schedule = null;
        if (spec.cron() != null && spec.interval() != null) {
            errors.add(new FieldError("", "has both a cron and an interval; give one of them"));
        } else if (spec.cron() == null && spec.interval() == null) {
            errors.add(new FieldError("", "needs a cron (with a timezone) or an interval (with an anchor)"));
        } else if (spec.cron() != null) {
            schedule = cron(spec.cron(), zone, errors);
            if (spec.anchor() != null) {
                errors.add(new FieldError("anchor", "applies only to interval schedules; a cron has no anchor"));
            }
        } else {
            Duration interval = interval(spec.interval(), errors);
            Instant anchor = anchor(spec.anchor(), zone, errors);
            schedule = interval == null || anchor == null ? null : new IntervalSchedule(interval, anchor);
        }
        if (spec.catchUp() != null && CatchUpPolicy.named(spec.catchUp()).isEmpty()) {
            errors.add(new FieldError("catchUp", notOneOf(spec.catchUp(), CatchUpPolicy.values())));
        }
        if (spec.overlap() != null && OverlapPolicy.named(spec.overlap()).isEmpty()) {
            errors.add(new FieldError("overlap", notOneOf(spec.overlap(), OverlapPolicy.values())));
        }
        return new Compiled(errors.isEmpty() ? schedule : null, List.copyOf(errors));
    }

    private static ZoneId zone(String timezone, List<FieldError> errors) {
        if (timezone == null) {
            return ZoneId.of(ScheduleSpec.DEFAULT_TIMEZONE);
        }
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            errors.add(new FieldError("timezone", "unknown time zone '" + timezone
                    + "'; use an IANA id such as Europe/Paris or America/New_York, or UTC"));
            return ZoneOffset.UTC;
        }
    }

    private static Schedule cron(String cron, ZoneId zone, List<FieldError> errors) {
        try {
            return new CronSchedule(cron, zone);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cron", e.getMessage()));
            return null;
        }
    }

    private static Duration interval(String text, List<FieldError> errors) {
        Duration interval;
        try {
            interval = Duration.parse(text);
        } catch (DateTimeException e) {
            errors.add(new FieldError("interval", "'" + text
                    + "' is not an ISO-8601 duration in days, hours, minutes and seconds such as PT30S, PT1H or P1D"));
            return null;
        }
        if (interval.compareTo(SHORTEST_INTERVAL) < 0) {
            errors.add(new FieldError("interval", "'" + text + "' is too short: an interval is at least 1 second (PT1S)"));
            return null;
        }
        if (interval.compareTo(LONGEST_INTERVAL) > 0) {
            errors.add(new FieldError("interval", "'" + text + "' is too long: an interval is at most 366 days (P366D)"));
            return null;
        }
        return interval;
    }

    private static Instant anchor(String text, ZoneId zone, List<FieldError> errors) {
        if (text == null) {
            return ScheduleSpec.DEFAULT_ANCHOR.atZone(zone).toInstant();
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException withoutOffset) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeException e) {
                errors.add(new FieldError("anchor", "'" + text
                        + "' is not an ISO-8601 date-time such as 2026-01-01T09:00 or 2026-01-01T09:00:00+01:00"));
                return null;
            }
        }
    }

    private static String notOneOf(String text, Enum<?>[] policies) {
        return "'" + text + "' is not one of: " + Arrays.stream(policies)
                .map(policy -> policy.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
