package dev.runway.controlplane.schedules;

import dev.runway.model.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The latest fire times of a schedule before an instant. A schedule only counts forwards, so this looks back through
 * windows that grow fourfold until one holds enough: a month-long outage of an every-second schedule costs a few
 * windows, not millions of steps.
 */
final class LatestFireTimes {

    private static final Duration FIRST_WINDOW = Duration.ofMinutes(1);

    private LatestFireTimes() {
    }

    /** The latest {@code count} fire times in {@code (fromExclusive, toExclusive)}, earliest first. */
    static List<Instant> before(Schedule schedule, Instant fromExclusive, Instant toExclusive, int count) {
        if (count == 0 || !fromExclusive.isBefore(toExclusive)) {
            return List.of();
        }
        Instant last = toExclusive.minusNanos(1);
        Duration span = Duration.between(fromExclusive, toExclusive);
        for (Duration window = FIRST_WINDOW; ; window = window.multipliedBy(4)) {
            boolean whole = window.compareTo(span) >= 0;
            Instant start = whole ? fromExclusive : toExclusive.minus(window);
            // a window that holds enough holds at most about four times as many: the previous one held too few
            List<Instant> fires = schedule.between(start, last, Integer.MAX_VALUE);
            if (fires.size() >= count || whole) {
                return fires.subList(Math.max(0, fires.size() - count), fires.size());
            }
        }
    }
}
