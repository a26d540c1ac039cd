package dev.runway.controlplane.schedules;

import dev.runway.model.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a schedule's fire times get their runs made now, and when to look again. Runs are made ahead for the next
 * {@code runs} fire times that are at most {@code horizon} from now, plus any fire time since {@code plannedThrough}
 * already past: the scheduler was a little behind, and it runs a little late (a longer gap is catch-up's). Fire times
 * come from the schedule alone, never from when runs end, so a long run never makes a schedule drift.
 */
final class Horizon {

    /** The most late fire times one pass makes, so a long {@code missed-after} with a short interval cannot flood. */
    static final int MAX_LATE = 1000;

    /**
     * @param fireTimes      the fire times to make runs for, earliest first
     * @param plannedThrough every fire time up to it has its run made once these are
     * @param nextPass       when the schedule must be looked at again; null when it never fires again
     */
    record Plan(List<Instant> fireTimes, Instant plannedThrough, Instant nextPass) {
    }

    private Horizon() {
    }

    /** @param plannedThrough every fire time up to it has its run made already, or was left to catch-up */
    static Plan plan(Schedule schedule, Instant plannedThrough, Instant now, int runs, Duration horizon) {
        List<Instant> fireTimes = new ArrayList<>(plannedThrough.isBefore(now)
                ? schedule.between(plannedThrough, now, MAX_LATE) : List.of());
        List<Instant> ahead = schedule.between(now, now.plus(horizon), runs);
        ahead.stream().filter(fire -> fire.isAfter(plannedThrough)).forEach(fireTimes::add);
        Instant through = later(later(plannedThrough, now), ahead.isEmpty() ? now : ahead.getLast());
        return new Plan(List.copyOf(fireTimes), through, nextPass(schedule, ahead, through, runs, horizon));
    }

    /**
     * With all {@code runs} made, once the first of them is due one is missing: look again halfway to the second, away
     * from the instants runs fall due, when the dispatcher is busiest. With fewer (the horizon cut them), look when the
     * next fire time comes within the horizon.
     */
    private static Instant nextPass(Schedule schedule, List<Instant> ahead, Instant through, int runs,
                                    Duration horizon) {
        if (ahead.size() == runs) {
            return runs == 1 ? ahead.getFirst()
                    : ahead.get(0).plus(Duration.between(ahead.get(0), ahead.get(1)).dividedBy(2));
        }
        return schedule.next(through).map(fire -> fire.minus(horizon)).orElse(null);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
