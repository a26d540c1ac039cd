package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.schema.FieldError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleValidatorTest {

    private final ScheduleValidator validator = new ScheduleValidator(
            Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void goodSchedulesHaveNoProblems() {
        assertThat(validator.validateAll(List.of(
                ScheduleSpec.cron("0 9 * * MON-FRI", "Europe/Paris"),
                ScheduleSpec.cron("*/10 * * * * *", null),
                ScheduleSpec.interval("PT30S", null),
                new ScheduleSpec(null, "America/New_York", "P1D", "2026-01-01T09:00", null, false, "ALL", "queue"),
                ScheduleSpec.cron("0 12 29 2 *", "UTC")))).isEmpty();
        assertThat(validator.validateAll(null)).isEmpty();
    }

    @Test
    void aCronFieldOutOfRangeIsNamedWithTheLibrarysReason() {
        assertThat(validator.validate(ScheduleSpec.cron("0 25 * * *", "UTC"))).containsExactly(
                new FieldError("cron", "'0 25 * * *': hour '25': value 25 not in range [0, 23]"));
        assertThat(validator.validate(ScheduleSpec.cron("0 0 0 1 13 *", "UTC"))).containsExactly(
                new FieldError("cron", "'0 0 0 1 13 *': month '13': value 13 not in range [1, 12]"));
        assertThat(validator.validate(ScheduleSpec.cron("0 0 * * 8", "UTC"))).containsExactly(
                new FieldError("cron", "'0 0 * * 8': day-of-week '8': value 8 not in range [0, 7]"));
    }

    @Test
    void aCronFieldWithWordsCronDoesNotKnowIsNamed() {
        assertThat(validator.validate(ScheduleSpec.cron("0 noon * * *", "UTC"))).containsExactly(
                new FieldError("cron", "'0 noon * * *': hour 'noon': has characters a cron field cannot hold"
                        + " (allowed: digits, names such as JAN or MON, and * , - /)"));
    }

    @Test
    void syntaxOtherCronsAddIsRefused() {
        assertThat(validator.validate(ScheduleSpec.cron("0 0 L * *", "UTC")))
                .singleElement().satisfies(error -> assertThat(error.message()).startsWith("'0 0 L * *': day-of-month 'L'"));
        assertThat(validator.validate(ScheduleSpec.cron("@daily", "UTC")))
                .singleElement().satisfies(error -> assertThat(error.message()).contains("has 1 fields"));
    }

    @Test
    void aCronHasFiveOrSixFields() {
        assertThat(validator.validate(ScheduleSpec.cron("0 0 12 * * ? 2026", "UTC"))).containsExactly(new FieldError(
                "cron", "'0 0 12 * * ? 2026' has 7 fields; a cron has 5 (minute hour day-of-month month day-of-week)"
                        + " or 6 (second first)"));
        assertThat(validator.validate(ScheduleSpec.cron("* * * *", "UTC"))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("'* * * *' has 4 fields"));
        assertThat(validator.validate(ScheduleSpec.cron("  ", "UTC"))).singleElement()
                .satisfies(error -> assertThat(error.message()).startsWith("is empty"));
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertThat(validator.validate(ScheduleSpec.cron("0 9 * * *", "Mars/Olympus_Mons"))).containsExactly(
                new FieldError("timezone", "unknown time zone 'Mars/Olympus_Mons'; use an IANA id such as Europe/Paris"
                        + " or America/New_York, or UTC"));
        assertThat(validator.validate(new ScheduleSpec(null, "CEST", "PT1H", null, null, null, null, null)))
                .extracting(FieldError::field).containsExactly("timezone");
    }

    @Test
    void aScheduleIsEitherACronOrAnInterval() {
        assertThat(validator.validate(new ScheduleSpec("0 9 * * *", null, "PT1H", null, null, null, null, null)))
                .containsExactly(new FieldError("", "has both a cron and an interval; give one of them"));
        assertThat(validator.validate(new ScheduleSpec(null, "UTC", null, null, null, true, null, null)))
                .containsExactly(new FieldError("", "needs a cron (with a timezone) or an interval (with an anchor)"));
    }

    @Test
    void anIntervalIsAnIsoDurationFromOneSecondToThreeHundredSixtySixDays() {
        assertThat(validator.validate(ScheduleSpec.interval("PT0S", null))).containsExactly(
                new FieldError("interval", "'PT0S' is too short: an interval is at least 1 second (PT1S)"));
        assertThat(validator.validate(ScheduleSpec.interval("PT0.5S", null))).extracting(FieldError::message)
                .containsExactly("'PT0.5S' is too short: an interval is at least 1 second (PT1S)");
        assertThat(validator.validate(ScheduleSpec.interval("-PT5M", null))).extracting(FieldError::message)
                .containsExactly("'-PT5M' is too short: an interval is at least 1 second (PT1S)");
        assertThat(validator.validate(ScheduleSpec.interval("P366DT1S", null))).containsExactly(
                new FieldError("interval", "'P366DT1S' is too long: an interval is at most 366 days (P366D)"));
        assertThat(validator.validate(ScheduleSpec.interval("P1M", null))).containsExactly(new FieldError("interval",
                "'P1M' is not an ISO-8601 duration in days, hours, minutes and seconds such as PT30S, PT1H or P1D"));
        assertThat(validator.validate(ScheduleSpec.interval("30s", null))).extracting(FieldError::field)
                .containsExactly("interval");
    }

    @Test
    void anAnchorIsAnIsoDateTimeAndOnlyForIntervals() {
        assertThat(validator.validate(ScheduleSpec.interval("PT1H", "next monday"))).containsExactly(
                new FieldError("anchor", "'next monday' is not an ISO-8601 date-time such as 2026-01-01T09:00 or"
                        + " 2026-01-01T09:00:00+01:00"));
        assertThat(validator.validate(ScheduleSpec.interval("PT1H", "2026-01-01"))).extracting(FieldError::field)
                .containsExactly("anchor");
        assertThat(validator.validate(new ScheduleSpec("0 9 * * *", "UTC", null, "2026-01-01T09:00", null, null, null,
                null))).containsExactly(new FieldError("anchor", "applies only to interval schedules; a cron has no anchor"));
    }

    @Test
    void catchUpAndOverlapNameTheirPolicies() {
        assertThat(validator.validate(new ScheduleSpec("0 9 * * *", null, null, null, null, null, "sometimes", "wait")))
                .containsExactly(
                        new FieldError("catchUp", "'sometimes' is not one of: skip, latest, all"),
                        new FieldError("overlap", "'wait' is not one of: allow, skip, queue"));
    }

    @Test
    void aCronThatNeverFiresIsRefused() {
        assertThat(validator.validate(ScheduleSpec.cron("0 0 30 2 *", "UTC"))).containsExactly(new FieldError("cron",
                "'0 0 30 2 *' never fires: no time matches in the next 8 years"));
        assertThat(validator.validate(ScheduleSpec.cron("0 0 0 31 4 *", "Europe/Paris"))).extracting(FieldError::message)
                .containsExactly("'0 0 0 31 4 *' never fires: no time matches in the next 8 years");
    }

    @Test
    void aLeapDayCronIsFineEvenWhen2100IsNoLeapYear() {
        ScheduleValidator afterTheLeapDayOf2096 = new ScheduleValidator(
                Clock.fixed(Instant.parse("2096-03-01T00:00:00Z"), ZoneOffset.UTC));

        // the next 29 February is in 2104, the longest wait a cron that fires at all can have
        assertThat(afterTheLeapDayOf2096.validate(ScheduleSpec.cron("0 12 29 2 *", "UTC"))).isEmpty();
    }

    @Test
    void problemsOfAListAreUnderTheSchedulesIndex() {
        List<ScheduleSpec> schedules = new ArrayList<>(List.of(ScheduleSpec.cron("0 9 * * *", "UTC"),
                ScheduleSpec.interval("PT1H", null), ScheduleSpec.cron("0 25 * * *", "UTC")));
        schedules.add(null);

        assertThat(validator.validateAll(schedules)).containsExactly(
                new FieldError("schedules[2].cron", "'0 25 * * *': hour '25': value 25 not in range [0, 23]"),
                new FieldError("schedules[3]", "is empty; a schedule needs a cron or an interval"));
        assertThat(validator.validateAll(List.of(new ScheduleSpec("* * * * *", null, "PT1M", null, null, null, null,
                null)))).containsExactly(new FieldError("schedules[0]", "has both a cron and an interval; give one of them"));
    }

    @Test
    void aDeploymentHasAtMostTwentySchedules() {
        List<ScheduleSpec> twenty = Collections.nCopies(ScheduleValidator.MAX_SCHEDULES_PER_DEPLOYMENT,
                ScheduleSpec.interval("PT1H", null));
        List<ScheduleSpec> twentyOne = new ArrayList<>(twenty);
        twentyOne.add(ScheduleSpec.cron("0 25 * * *", "UTC"));

        assertThat(validator.validateAll(twenty)).isEmpty();
        assertThat(validator.validateAll(twentyOne)).containsExactly(
                new FieldError("schedules", "has 21 schedules; a deployment may have at most 20"),
                new FieldError("schedules[20].cron", "'0 25 * * *': hour '25': value 25 not in range [0, 23]"));
    }

    @Test
    void compilingABadSpecSaysWhatIsWrong() {
        assertThatThrownBy(() -> Schedule.of(new ScheduleSpec("0 25 * * *", "Nowhere", null, null, null, null, null,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessage("invalid schedule: timezone: unknown time"
                + " zone 'Nowhere'; use an IANA id such as Europe/Paris or America/New_York, or UTC; cron: '0 25 * * *':"
                + " hour '25': value 25 not in range [0, 23]");
        assertThatThrownBy(() -> Schedule.of(ScheduleSpec.interval(null, null))).hasMessage(
                "invalid schedule: needs a cron (with a timezone) or an interval (with an anchor)");
    }
}
