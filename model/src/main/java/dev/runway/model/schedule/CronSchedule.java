package dev.runway.model.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.time.ExecutionTime;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/**
 * A cron read on the wall clock of a time zone, with the daylight-saving rules {@link Schedule} describes.
 *
 * <p>cron-utils asked in the zone itself does otherwise: it skips a daily time that falls in a gap and fires the
 * times of a repeated hour twice. So it is asked only for wall-clock times (in UTC, which has no transitions), and each
 * becomes an instant here: a gap's times become the instant the gap ends, a repeated time its earlier instant. That
 * mapping never goes backwards in time, so the first wall-clock time whose instant is after a given one is the next
 * fire.
 */
final class CronSchedule implements Schedule {

    private final String text;
    private final ExecutionTime wallClock;
    private final ChronoUnit precision;
    private final ZoneId zone;

    CronSchedule(String text, ZoneId zone) {
        Cron cron = UnixCron.parse(text);
        this.text = text;
        this.wallClock = ExecutionTime.forCron(cron);
        this.precision = cron.getCronDefinition().containsFieldDefinition(CronFieldName.SECOND)
                ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
        this.zone = zone;
    }

    /**
     * {@inheritDoc} Empty when the cron matches no time at all (e.g. {@code 0 0 30 2 *}); the library looks about a
     * century ahead before it gives up.
     */
    @Override
    public Optional<Instant> next(Instant after) {
        try {
            Optional<LocalDateTime> candidate = nextWallClockTime(LocalDateTime.ofInstant(after, zone));
            // after may lie in the second pass of a repeated hour, whose wall-clock times already fired in the first
            while (candidate.isPresent() && !firstInstantAt(candidate.get()).isAfter(after)) {
                candidate = nextWallClockTime(candidate.get());
            }
            return candidate.map(this::firstInstantAt);
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Starts from the last whole second before the next time the cron could name (second 59 for a 5-field cron): the
     * same answer as from {@code after}, and cron-utils, which steps one unit at a time, gets there in one step.
     */
    private Optional<LocalDateTime> nextWallClockTime(LocalDateTime after) {
        LocalDateTime lastSecondBefore = after.truncatedTo(precision).plus(1, precision).minusSeconds(1);
        return wallClock.nextExecution(lastSecondBefore.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    private Instant firstInstantAt(LocalDateTime wallClockTime) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(wallClockTime);
        if (transition != null && transition.isGap()) {
            return transition.getInstant();
        }
        // in an overlap, atZone takes the earlier offset: the first time the clock shows this time
        return wallClockTime.atZone(zone).toInstant();
    }

    @Override
    public String toString() {
        return "cron '" + text + "' in " + zone;
    }
}
