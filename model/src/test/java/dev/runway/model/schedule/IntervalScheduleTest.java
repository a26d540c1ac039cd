package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntervalScheduleTest {

    private static final Instant NOW = Instant.parse("2026-06-15T10:07:13Z");

    @Test
    void withAnAnchorInThePastItFiresInStepWithTheAnchor() {
        Schedule everyHalfHour = Schedule.of(ScheduleSpec.interval("PT30M", "2026-01-01T00:10:00Z"));

        assertThat(everyHalfHour.between(NOW, NOW.plusSeconds(3600), 5)).containsExactly(
                Instant.parse("2026-06-15T10:10:00Z"), Instant.parse("2026-06-15T10:40:00Z"));
    }

    @Test
    void withAnAnchorInTheFutureItFiresBeforeTheAnchorTooInStepWithIt() {
        Schedule everySevenMinutes = Schedule.of(ScheduleSpec.interval("PT7M", "2026-06-15T12:00:00Z"));

        // 12:00 - 17 × 7 min = 10:01, so 10:08 is the first after 10:07:13
        assertThat(everySevenMinutes.next(NOW)).contains(Instant.parse("2026-06-15T10:08:00Z"));
        assertThat(everySevenMinutes.next(Instant.parse("2026-06-15T11:53:00Z")))
                .contains(Instant.parse("2026-06-15T12:00:00Z"));
        assertThat(everySevenMinutes.next(Instant.parse("2026-06-15T12:00:00Z")))
                .contains(Instant.parse("2026-06-15T12:07:00Z"));
    }

    @Test
    void nextIsStrictlyAfterAFireTimeOnEitherSideOfTheAnchor() {
        Schedule everyTenSeconds = Schedule.of(ScheduleSpec.interval("PT10S", "2026-06-15T10:00:00Z"));
        Instant beforeAnchor = Instant.parse("2026-06-15T09:59:40Z");
        Instant afterAnchor = Instant.parse("2026-06-15T10:00:20Z");

        assertThat(everyTenSeconds.next(beforeAnchor)).contains(beforeAnchor.plusSeconds(10));
        assertThat(everyTenSeconds.next(beforeAnchor.minusNanos(1))).contains(beforeAnchor);
        assertThat(everyTenSeconds.next(afterAnchor)).contains(afterAnchor.plusSeconds(10));
        assertThat(everyTenSeconds.next(afterAnchor.minusNanos(1))).contains(afterAnchor);
    }

    @Test
    void withoutAnAnchorItIsInStepWithMidnightOfTheFirstDayOf2000InItsTimeZone() {
        Schedule utc = Schedule.of(ScheduleSpec.interval("PT1H", null));
        Schedule kolkata = Schedule.of(new ScheduleSpec(null, "Asia/Kolkata", "PT1H", null, null, null, null, null));

        assertThat(utc.next(NOW)).contains(Instant.parse("2026-06-15T11:00:00Z"));
        // Kolkata is UTC+05:30, so its midnight is half past the hour in UTC
        assertThat(kolkata.next(NOW)).contains(Instant.parse("2026-06-15T10:30:00Z"));
    }

    @Test
    void anAnchorWithoutAnOffsetIsReadInTheTimeZoneAndOneWithAnOffsetIsNot() {
        Schedule localAnchor = Schedule.of(new ScheduleSpec(null, "Europe/Paris", "P1D", "2026-01-01T09:00", null,
                null, null, null));
        Schedule offsetAnchor = Schedule.of(new ScheduleSpec(null, "Europe/Paris", "P1D", "2026-01-01T09:00:00-05:00",
                null, null, null, null));

        assertThat(localAnchor.next(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(offsetAnchor.next(Instant.parse("2026-01-01T00:00:00Z"))).contains(Instant.parse("2026-01-01T14:00:00Z"));
    }

    @Test
    void theShortestAndLongestIntervalsFire() {
        Schedule everySecond = Schedule.of(ScheduleSpec.interval("PT1S", null));
        Schedule everyLeapYear = Schedule.of(ScheduleSpec.interval("P366D", "2026-01-01T00:00:00Z"));

        assertThat(everySecond.between(NOW, NOW.plusSeconds(3), 10)).containsExactly(NOW.plusSeconds(1),
                NOW.plusSeconds(2), NOW.plusSeconds(3));
        assertThat(everyLeapYear.next(NOW)).contains(Instant.parse("2027-01-02T00:00:00Z"));
    }

    @Test
    void nothingFiresAfterTheLastInstantJavaKnows() {
        assertThat(Schedule.of(ScheduleSpec.interval("PT1H", null)).next(Instant.MAX)).isEmpty();
    }
}
