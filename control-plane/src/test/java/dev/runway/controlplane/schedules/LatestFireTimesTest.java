package dev.runway.controlplane.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.schedule.Schedule;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LatestFireTimesTest {

    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void theLatestFireTimesOfAYearOfSecondsAreFoundWithoutCountingThemAll() {
        Schedule everySecond = Schedule.of(ScheduleSpec.interval("PT1S", null));

        assertThat(LatestFireTimes.before(everySecond, FROM, TO, 3)).containsExactly(TO.minusSeconds(3),
                TO.minusSeconds(2), TO.minusSeconds(1));
    }

    @Test
    void aSparseScheduleIsLookedForFurtherBack() {
        Schedule firstOfTheMonth = Schedule.of(ScheduleSpec.cron("0 6 1 * *", "Europe/Paris"));

        assertThat(LatestFireTimes.before(firstOfTheMonth, FROM, TO, 2)).containsExactly(
                Instant.parse("2026-10-01T04:00:00Z"), Instant.parse("2026-11-01T05:00:00Z"));
    }

    @Test
    void fewerThanAskedWhenTheSpanHoldsFewerAndNoneOutsideIt() {
        Schedule daily = Schedule.of(ScheduleSpec.cron("0 9 * * *", "UTC"));
        Instant from = Instant.parse("2026-11-22T09:00:00Z");

        assertThat(LatestFireTimes.before(daily, from, TO, 5)).containsExactly(Instant.parse("2026-11-23T09:00:00Z"),
                Instant.parse("2026-11-24T09:00:00Z"));
        assertThat(LatestFireTimes.before(daily, TO, TO, 5)).isEmpty();
        assertThat(LatestFireTimes.before(daily, from, TO, 0)).isEmpty();
    }
}
