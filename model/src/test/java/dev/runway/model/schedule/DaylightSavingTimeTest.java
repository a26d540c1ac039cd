package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 2026 transitions of three zones: America/New_York (spring forward 03-08 02:00→03:00, fall back 11-01
 * 02:00→01:00), Europe/Paris (03-29 02:00→03:00, 10-25 03:00→02:00) and Australia/Sydney (fall back 04-05
 * 03:00→02:00, spring forward 10-04 02:00→03:00). A time in a gap fires once when the gap ends; a repeated time fires
 * once, the first time.
 */
class DaylightSavingTimeTest {

    static Stream<Arguments> aDailyTimeInTheGapFiresOnceWhenTheClocksJump() {
        return Stream.of(
                Arguments.of("America/New_York", "2026-03-07T12:00:00Z",
                        List.of("2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")),
                Arguments.of("Europe/Paris", "2026-03-28T12:00:00Z",
                        List.of("2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z")),
                Arguments.of("Australia/Sydney", "2026-10-03T00:00:00Z",
                        List.of("2026-10-03T16:00:00Z", "2026-10-04T15:30:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aDailyTimeInTheGapFiresOnceWhenTheClocksJump(String zone, String from, List<String> expected) {
        Schedule twoThirty = Schedule.of(ScheduleSpec.cron("30 2 * * *", zone));

        List<Instant> fires = twoThirty.between(Instant.parse(from), Instant.parse(from).plus(Duration.ofDays(2)), 2);

        assertThat(fires).containsExactlyElementsOf(instants(expected));
        assertThat(LocalDateTime.ofInstant(fires.getFirst(), ZoneId.of(zone)).toLocalTime()).isEqualTo("03:00");
    }

    static Stream<Arguments> aDailyTimeInTheRepeatedHourFiresOnceTheFirstTime() {
        return Stream.of(
                // 01:30 EDT, then 01:30 EST the next day
                Arguments.of("America/New_York", "30 1 * * *", "2026-10-31T12:00:00Z",
                        List.of("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")),
                Arguments.of("Europe/Paris", "30 2 * * *", "2026-10-24T12:00:00Z",
                        List.of("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")),
                Arguments.of("Australia/Sydney", "30 2 * * *", "2026-04-04T00:00:00Z",
                        List.of("2026-04-04T15:30:00Z", "2026-04-05T16:30:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void aDailyTimeInTheRepeatedHourFiresOnceTheFirstTime(String zone, String cron, String from, List<String> expected) {
        Schedule daily = Schedule.of(ScheduleSpec.cron(cron, zone));

        assertThat(daily.between(Instant.parse(from), Instant.parse(from).plus(Duration.ofDays(2)), 5))
                .containsExactlyElementsOf(instants(expected));
    }

    static Stream<Arguments> askedDuringTheSecondPassOfTheRepeatedHourTheNextFireIsTheNextDay() {
        return Stream.of(
                // 01:40 EST, after 01:30 EDT fired; 01:30 EST is not a second fire
                Arguments.of("America/New_York", "30 1 * * *", "2026-11-01T06:10:00Z", "2026-11-02T06:30:00Z"),
                Arguments.of("Europe/Paris", "30 2 * * *", "2026-10-25T01:10:00Z", "2026-10-26T01:30:00Z"),
                Arguments.of("Australia/Sydney", "30 2 * * *", "2026-04-04T16:10:00Z", "2026-04-05T16:30:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void askedDuringTheSecondPassOfTheRepeatedHourTheNextFireIsTheNextDay(String zone, String cron, String after,
            String expected) {
        assertThat(Schedule.of(ScheduleSpec.cron(cron, zone)).next(Instant.parse(after))).contains(Instant.parse(expected));
    }

    static Stream<Arguments> everyFifteenMinutesAcrossSpringForwardFiresOnceForTheWholeGap() {
        return Stream.of(
                // 01:30 and 01:45 EST; 02:00–02:45 and 03:00 EDT are one fire at 07:00Z; 03:15 EDT
                Arguments.of("America/New_York", "2026-03-08T06:15:00Z",
                        List.of("2026-03-08T06:30:00Z", "2026-03-08T06:45:00Z", "2026-03-08T07:00:00Z",
                                "2026-03-08T07:15:00Z")),
                Arguments.of("Europe/Paris", "2026-03-29T00:15:00Z",
                        List.of("2026-03-29T00:30:00Z", "2026-03-29T00:45:00Z", "2026-03-29T01:00:00Z",
                                "2026-03-29T01:15:00Z")),
                Arguments.of("Australia/Sydney", "2026-10-03T15:15:00Z",
                        List.of("2026-10-03T15:30:00Z", "2026-10-03T15:45:00Z", "2026-10-03T16:00:00Z",
                                "2026-10-03T16:15:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyFifteenMinutesAcrossSpringForwardFiresOnceForTheWholeGap(String zone, String from, List<String> expected) {
        Schedule quarterly = Schedule.of(ScheduleSpec.cron("*/15 * * * *", zone));

        assertThat(quarterly.between(Instant.parse(from), Instant.parse(from).plus(Duration.ofHours(1)), 10))
                .containsExactlyElementsOf(instants(expected));
    }

    static Stream<Arguments> everyFifteenMinutesAcrossFallBackFiresEachWallClockTimeOnce() {
        return Stream.of(
                // 01:30, 01:45 EDT; the repeated 01:00–01:45 EST do not fire; 02:00 EST
                Arguments.of("America/New_York", "2026-11-01T05:15:00Z",
                        List.of("2026-11-01T05:30:00Z", "2026-11-01T05:45:00Z", "2026-11-01T07:00:00Z",
                                "2026-11-01T07:15:00Z")),
                // 02:30, 02:45 CEST; 02:00–02:45 CET do not fire; 03:00 CET
                Arguments.of("Europe/Paris", "2026-10-25T00:15:00Z",
                        List.of("2026-10-25T00:30:00Z", "2026-10-25T00:45:00Z", "2026-10-25T02:00:00Z",
                                "2026-10-25T02:15:00Z")),
                // 02:30, 02:45 AEDT; 02:00–02:45 AEST do not fire; 03:00 AEST
                Arguments.of("Australia/Sydney", "2026-04-04T15:15:00Z",
                        List.of("2026-04-04T15:30:00Z", "2026-04-04T15:45:00Z", "2026-04-04T17:00:00Z",
                                "2026-04-04T17:15:00Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void everyFifteenMinutesAcrossFallBackFiresEachWallClockTimeOnce(String zone, String from, List<String> expected) {
        Schedule quarterly = Schedule.of(ScheduleSpec.cron("*/15 * * * *", zone));

        assertThat(quarterly.between(Instant.parse(from), Instant.parse(from).plus(Duration.ofHours(2)), 4))
                .containsExactlyElementsOf(instants(expected));
        assertThat(quarterly.between(Instant.parse(from), Instant.parse(from).plus(Duration.ofHours(3)), 100))
                .doesNotHaveDuplicates().isSorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aDailyTimeInTheGapFiresOnceWhenTheClocksJump")
    void aSixFieldCronFollowsTheSameRules(String zone, String from, List<String> expected) {
        Schedule twoThirtyAndFiveSeconds = Schedule.of(ScheduleSpec.cron("5 30 2 * * *", zone));

        assertThat(twoThirtyAndFiveSeconds.next(Instant.parse(from))).contains(Instant.parse(expected.getFirst()));
    }

    static Stream<Arguments> aDailyIntervalIsTwentyFourHoursAcrossATransition() {
        return Stream.of(
                Arguments.of("America/New_York", "2026-03-07", "10:00"),
                Arguments.of("America/New_York", "2026-10-31", "08:00"),
                Arguments.of("Europe/Paris", "2026-03-28", "10:00"),
                Arguments.of("Europe/Paris", "2026-10-24", "08:00"),
                Arguments.of("Australia/Sydney", "2026-04-04", "08:00"),
                Arguments.of("Australia/Sydney", "2026-10-03", "10:00"));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource
    void aDailyIntervalIsTwentyFourHoursAcrossATransition(String zone, String dayBefore, LocalTime localTimeAfter) {
        Schedule daily = Schedule.of(new ScheduleSpec(null, zone, "P1D", dayBefore + "T09:00", null, null, null, null));
        Instant nineTheDayBefore = LocalDateTime.parse(dayBefore + "T09:00").atZone(ZoneId.of(zone)).toInstant();

        Instant dayAfter = daily.next(nineTheDayBefore.plus(Duration.ofDays(1))).orElseThrow();

        assertThat(dayAfter).isEqualTo(nineTheDayBefore.plus(Duration.ofDays(2)));
        assertThat(LocalDateTime.ofInstant(dayAfter, ZoneId.of(zone)).toLocalTime()).isEqualTo(localTimeAfter);
    }

    private static List<Instant> instants(List<String> texts) {
        return texts.stream().map(Instant::parse).toList();
    }
}
