package dev.runway.model.schedule;

import dev.runway.model.schema.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Says what is wrong with the schedules a user declares, each problem with the field at fault, so that an API answer
 * or {@code runway deploy} can point at it: {@code schedules[2].cron: '0 25 * * *': hour '25': value 25 not in range
 * [0, 23]}.
 */
public final class ScheduleValidator {

    /** The most schedules one deployment may have. */
    public static final int MAX_SCHEDULES_PER_DEPLOYMENT = 20;

    /**
     * How far ahead a cron must fire at least once. A cron that fires at all fires within this: the longest wait is
     * for 29 February across 2100, which is no leap year (2096 to 2104). One that matches no date (30 February) never
     * does.
     */
    public static final int NEVER_FIRES_YEARS = 8;

    private final Clock clock;

    /** @param clock "now", from which a cron must fire within {@value #NEVER_FIRES_YEARS} years */
    public ScheduleValidator(Clock clock) {
        this.clock = clock;
    }

    /** Every problem with one schedule, fields relative to it ({@code cron}, {@code interval}, …); empty when fine. */
    public List<FieldError> validate(ScheduleSpec spec) {
        ScheduleCompiler.Compiled compiled = ScheduleCompiler.compile(spec);
        if (compiled.schedule() == null) {
            return compiled.errors();
        }
        Instant now = clock.instant();
        Instant horizon = now.atZone(ZoneOffset.UTC).plusYears(NEVER_FIRES_YEARS).toInstant();
        Optional<Instant> next = compiled.schedule().next(now);
        if (next.isEmpty() || next.get().isAfter(horizon)) {
            return List.of(new FieldError(spec.cron() != null ? "cron" : "interval", "'"
                    + (spec.cron() != null ? spec.cron() : spec.interval())
                    + "' never fires: no time matches in the next " + NEVER_FIRES_YEARS + " years"));
        }
        return List.of();
    }

    /**
     * Every problem with a deployment's {@code schedules}, fields under it ({@code schedules[2].cron}); empty when
     * fine. More than {@value #MAX_SCHEDULES_PER_DEPLOYMENT} is a problem of {@code schedules} itself.
     */
    public List<FieldError> validateAll(List<ScheduleSpec> schedules) {
        if (schedules == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        if (schedules.size() > MAX_SCHEDULES_PER_DEPLOYMENT) {
            errors.add(new FieldError("schedules", "has " + schedules.size() + " schedules; a deployment may have at most "
                    + MAX_SCHEDULES_PER_DEPLOYMENT));
        }
        for (int i = 0; i < schedules.size(); i++) {
            String field = "schedules[" + i + "]";
            if (schedules.get(i) == null) {
                errors.add(new FieldError(field, "is empty; a schedule needs a cron or an interval"));
            } else {
                validate(schedules.get(i)).forEach(error -> errors.add(error.under(field)));
            }
        }
        return List.copyOf(errors);
    }
}
