package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final Instant NEW_YEAR_2026 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFiveFieldCronFiresOnTheMinuteItNames() {
        Schedule weekdaysAtNine = Schedule.of(ScheduleSpec.cron("0 9 * * MON-FRI", "UTC"));

        // 2026-01-01 is a Thursday
        assertThat(weekdaysAtNine.between(NEW_YEAR_2026, Instant.parse("2026-01-06T23:59:59Z"), 10)).containsExactly(
                Instant.parse("2026-01-01T09:00:00Z"), Instant.parse("2026-01-02T09:00:00Z"),
                Instant.parse("2026-01-05T09:00:00Z"), Instant.parse("2026-01-06T09:00:00Z"));
    }

    @Test
    void aSixFieldCronHasSecondsFirst() {
        Schedule everyTwentySeconds = Schedule.of(ScheduleSpec.cron("*/20 * * * * *", "UTC"));
        Schedule atTheThirtiethSecondOfNineFifteen = Schedule.of(ScheduleSpec.cron("30 15 9 * * *", "UTC"));

        assertThat(everyTwentySeconds.between(NEW_YEAR_2026, NEW_YEAR_2026.plusSeconds(60), 10)).containsExactly(
                NEW_YEAR_2026.plusSeconds(20), NEW_YEAR_2026.plusSeconds(40), NEW_YEAR_2026.plusSeconds(60));
        assertThat(atTheThirtiethSecondOfNineFifteen.next(NEW_YEAR_2026)).contains(Instant.parse("2026-01-01T09:15:30Z"));
    }

    @Test
    void theCronIsReadOnTheWallClockOfItsTimeZone() {
        Schedule nineInParis = Schedule.of(ScheduleSpec.cron("0 9 * * *", "Europe/Paris"));

        assertThat(nineInParis.next(NEW_YEAR_2026)).contains(Instant.parse("2026-01-01T08:00:00Z"));
        assertThat(nineInParis.next(Instant.parse("2026-07-01T00:00:00Z"))).contains(Instant.parse("2026-07-01T07:00:00Z"));
    }

    @Test
    void nextIsStrictlyAfterEvenWithinTheSecondOfAFireTime() {
        Schedule everyMinute = Schedule.of(ScheduleSpec.cron("* * * * *", "UTC"));
        Instant fire = Instant.parse("2026-05-05T10:07:00Z");

        assertThat(everyMinute.next(fire)).contains(fire.plusSeconds(60));
        assertThat(everyMinute.next(fire.minusNanos(1))).contains(fire);
        assertThat(everyMinute.next(fire.plusMillis(500))).contains(fire.plusSeconds(60));
    }

    @Test
    void whenBothDayFieldsAreRestrictedEitherOneMatchesAsInCrontab() {
        Schedule thirteenthsAndFridays = Schedule.of(ScheduleSpec.cron("0 0 13 * 5", "UTC"));
        Schedule withSecondsToo = Schedule.of(ScheduleSpec.cron("0 0 0 13 * 5", "UTC"));

        List<Instant> expected = List.of(Instant.parse("2026-01-02T00:00:00Z"), Instant.parse("2026-01-09T00:00:00Z"),
                Instant.parse("2026-01-13T00:00:00Z"), Instant.parse("2026-01-16T00:00:00Z"));
        assertThat(thirteenthsAndFridays.between(NEW_YEAR_2026, Instant.parse("2026-01-16T00:00:00Z"), 10))
                .isEqualTo(expected);
        assertThat(withSecondsToo.between(NEW_YEAR_2026, Instant.parse("2026-01-16T00:00:00Z"), 10)).isEqualTo(expected);
    }

    @Test
    void sundayIsZeroOrSeven() {
        Instant firstSunday = Instant.parse("2026-01-04T06:00:00Z");

        assertThat(Schedule.of(ScheduleSpec.cron("0 6 * * 0", "UTC")).next(NEW_YEAR_2026)).contains(firstSunday);
        assertThat(Schedule.of(ScheduleSpec.cron("0 6 * * 7", "UTC")).next(NEW_YEAR_2026)).contains(firstSunday);
        assertThat(Schedule.of(ScheduleSpec.cron("0 6 * * SUN", "UTC")).next(NEW_YEAR_2026)).contains(firstSunday);
    }

    @Test
    void aLeapDayCronWaitsForTheNextLeapYear() {
        Schedule leapDayNoon = Schedule.of(ScheduleSpec.cron("0 12 29 2 *", "Europe/Paris"));

        Instant first = leapDayNoon.next(NEW_YEAR_2026).orElseThrow();

        assertThat(LocalDateTime.ofInstant(first, ZoneId.of("Europe/Paris"))).isEqualTo("2028-02-29T12:00");
        assertThat(first).isEqualTo("2028-02-29T11:00:00Z");
        assertThat(leapDayNoon.next(first)).contains(Instant.parse("2032-02-29T11:00:00Z"));
    }

    @Test
    void aCronThatMatchesNoDateNeverFires() {
        Schedule thirtiethOfFebruary = Schedule.of(ScheduleSpec.cron("0 0 30 2 *", "UTC"));

        assertThat(thirtiethOfFebruary.next(NEW_YEAR_2026)).isEmpty();
        assertThat(thirtiethOfFebruary.between(NEW_YEAR_2026, Instant.parse("2100-01-01T00:00:00Z"), 5)).isEmpty();
    }

    @Test
    void nothingFiresAfterTheLastInstantJavaKnows() {
        assertThat(Schedule.of(ScheduleSpec.cron("* * * * *", "UTC")).next(Instant.MAX)).isEmpty();
    }

    @Test
    void betweenStopsAtMaxAndIncludesItsUpperBound() {
        Schedule hourly = Schedule.of(ScheduleSpec.cron("0 * * * *", "UTC"));
        Instant noon = Instant.parse("2026-01-01T12:00:00Z");

        assertThat(hourly.between(NEW_YEAR_2026, noon, 3)).containsExactly(NEW_YEAR_2026.plusSeconds(3600),
                NEW_YEAR_2026.plusSeconds(7200), NEW_YEAR_2026.plusSeconds(10800));
        assertThat(hourly.between(NEW_YEAR_2026, noon, 100)).hasSize(12).endsWith(noon);
        assertThat(hourly.between(NEW_YEAR_2026, noon, 0)).isEmpty();
        assertThat(hourly.between(noon, NEW_YEAR_2026, 5)).isEmpty();
        assertThatThrownBy(() -> hourly.between(NEW_YEAR_2026, noon, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneScheduleGivesTheSameAnswersToManyThreadsAtOnce() throws Exception {
        Schedule schedule = Schedule.of(ScheduleSpec.cron("*/7 * * * *", "America/New_York"));
        Instant to = Instant.parse("2026-03-15T00:00:00Z");
        List<Instant> alone = schedule.between(Instant.parse("2026-03-01T00:00:00Z"), to, 10_000);
        Callable<List<Instant>> again = () -> schedule.between(Instant.parse("2026-03-01T00:00:00Z"), to, 10_000);

        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<List<Instant>>> answers = threads.invokeAll(IntStream.range(0, 8).mapToObj(i -> again).toList());
            for (Future<List<Instant>> answer : answers) {
                assertThat(answer.get()).isEqualTo(alone);
            }
        }
        assertThat(alone).hasSizeGreaterThan(2_800);
    }
}
