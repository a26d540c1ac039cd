package dev.runway.model.schedule;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fires at {@code anchor + k × interval} for every whole k (see {@link Schedule}): before the anchor too, as Prefect's
 * interval schedules do. An instant has no time zone, so daylight-saving time never shifts it.
 */
record IntervalSchedule(Duration interval, Instant anchor) implements Schedule {

    @Override
    public Optional<Instant> next(Instant after) {
        try {
            long steps = Duration.between(anchor, after).dividedBy(interval);
            Instant fire = anchor.plus(interval.multipliedBy(steps));
            // dividedBy rounds toward zero; before the anchor that is one step too late
            if (fire.isAfter(after)) {
                fire = fire.minus(interval);
            }
            return Optional.of(fire.plus(interval));
        } catch (DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
