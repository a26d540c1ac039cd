package dev.runway.model.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * When a schedule fires: a compiled {@link ScheduleSpec}, immutable and safe to share between threads.
 *
 * <p>A cron fires at wall-clock times of its time zone. Where daylight-saving time gets in the way:
 * <ul>
 *   <li>a time a spring-forward gap skips fires once, at the first instant after the gap, the moment clocks jump:
 *       {@code 30 2 * * *} in America/New_York on 2026-03-08 fires at 03:00 EDT (07:00Z). All the times in one gap,
 *       and a time the cron picks right at its end, are that one fire;</li>
 *   <li>a time that happens twice when clocks fall back fires once, the first time (at the earlier, summer offset),
 *       and the repeated hour makes no fires of its own: {@code *&#47;15 * * * *} in America/New_York on 2026-11-01
 *       fires 01:00, 01:15, 01:30, 01:45 EDT, then 02:00 EST, 75 minutes later.</li>
 * </ul>
 *
 * <p>An interval fires every fixed stretch of elapsed time, in step with its anchor: at {@code anchor + k × interval}
 * for every whole k, so the anchor fixes the phase, not a start. Time zones never shift it: {@code P1D} is 24 hours,
 * and a daily interval anchored at 09:00 local fires at 08:00 or 10:00 local once the clocks change ("every day at 9
 * local" is the cron {@code 0 9 * * *}).
 */
public sealed interface Schedule permits CronSchedule, IntervalSchedule {

    /** The first fire time strictly after {@code after}; empty if it never fires again. */
    Optional<Instant> next(Instant after);

    /**
     * The fire times in {@code (fromExclusive, toInclusive]}, earliest first, at most {@code max} of them (the
     * earliest ones).
     */
    default List<Instant> between(Instant fromExclusive, Instant toInclusive, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        List<Instant> fires = new ArrayList<>();
        Optional<Instant> fire = max == 0 ? Optional.empty() : next(fromExclusive);
        while (fire.isPresent() && !fire.get().isAfter(toInclusive)) {
            fires.add(fire.get());
            fire = fires.size() < max ? next(fire.get()) : Optional.empty();
        }
        return List.copyOf(fires);
    }

    /**
     * The schedule a spec declares, defaults applied.
     *
     * @throws IllegalArgumentException listing what is wrong with the spec, as {@link ScheduleValidator} would (bar
     *                                  the check that a cron ever fires: such a schedule compiles, and never fires)
     */
    static Schedule of(ScheduleSpec spec) {
        ScheduleCompiler.Compiled compiled = ScheduleCompiler.compile(spec);
        if (!compiled.errors().isEmpty()) {
            throw new IllegalArgumentException("invalid schedule: " + compiled.errors().stream()
                    .map(e -> e.field().isEmpty() ? e.message() : e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")));
        }
        return compiled.schedule();
    }
}
