package dev.runway.controlplane.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.schedule.Schedule;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HorizonTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:20Z");
    private static final Schedule EVERY_MINUTE = Schedule.of(ScheduleSpec.cron("* * * * *", "UTC"));
    private static final Schedule DAILY_AT_NINE = Schedule.of(ScheduleSpec.cron("0 9 * * *", "UTC"));

    @Test
    void theNextRunsFireTimesAreMadeAndTheNextPassIsHalfwayBetweenTheFirstTwo() {
        Horizon.Plan plan = Horizon.plan(EVERY_MINUTE, NOW, NOW, 3, Duration.ofHours(1));

        assertThat(plan.fireTimes()).containsExactly(at("12:01:00"), at("12:02:00"), at("12:03:00"));
        assertThat(plan.plannedThrough()).isEqualTo(at("12:03:00"));
        assertThat(plan.nextPass()).isEqualTo(at("12:01:30"));
    }

    @Test
    void fireTimesMadeBeforeAreNotMadeAgain() {
        Horizon.Plan plan = Horizon.plan(EVERY_MINUTE, at("12:03:00"), at("12:01:30"), 3, Duration.ofHours(1));

        assertThat(plan.fireTimes()).containsExactly(at("12:04:00"));
        assertThat(plan.plannedThrough()).isEqualTo(at("12:04:00"));
        assertThat(plan.nextPass()).isEqualTo(at("12:02:30"));
    }

    @Test
    void fireTimesTheSchedulerWasLateForAreMadeToRunLate() {
        Horizon.Plan plan = Horizon.plan(EVERY_MINUTE, at("11:58:30"), NOW, 2, Duration.ofHours(1));

        assertThat(plan.fireTimes()).containsExactly(at("11:59:00"), at("12:00:00"), at("12:01:00"), at("12:02:00"));
    }

    @Test
    void theHorizonCutsFireTimesTooFarAheadAndThePassComesWhenTheNextIsWithinIt() {
        Horizon.Plan plan = Horizon.plan(DAILY_AT_NINE, NOW, NOW, 3, Duration.ofHours(1));

        assertThat(plan.fireTimes()).isEmpty();
        assertThat(plan.plannedThrough()).isEqualTo(NOW);
        assertThat(plan.nextPass()).isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));

        Horizon.Plan then = Horizon.plan(DAILY_AT_NINE, NOW, plan.nextPass(), 3, Duration.ofHours(1));
        assertThat(then.fireTimes()).containsExactly(Instant.parse("2026-11-25T09:00:00Z"));
        assertThat(then.nextPass()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
    }

    @Test
    void aLongHorizonMakesFewerRunsThanAskedWhenFewerFireInIt() {
        Schedule yearly = Schedule.of(ScheduleSpec.cron("0 0 1 1 *", "UTC"));

        Horizon.Plan plan = Horizon.plan(yearly, NOW, NOW, 3, Duration.ofDays(40));

        assertThat(plan.fireTimes()).containsExactly(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(plan.nextPass()).isEqualTo(Instant.parse("2027-11-22T00:00:00Z"));
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + "Z");
    }
}
