package dev.runway.model.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How many {@link Schedule#next} calls a second one thread makes, for a few kinds of schedule. A rough number, not a
 * benchmark; from the repository root:
 * <pre>
 * ./mvnw -B -o -q test-compile dependency:build-classpath -pl model -Dmdep.outputFile=target/test.classpath
 * java -cp model/target/classes:model/target/test-classes:$(cat model/target/test.classpath) \
 *     dev.runway.model.schedule.NextFireRate
 * </pre>
 */
public final class NextFireRate {

    private NextFireRate() {
    }

    public static void main(String[] args) {
        List<Schedule> schedules = List.of(
                Schedule.of(ScheduleSpec.cron("* * * * *", "UTC")),
                Schedule.of(ScheduleSpec.cron("*/15 9-17 * * MON-FRI", "America/New_York")),
                Schedule.of(ScheduleSpec.cron("30 2 * * *", "Europe/Paris")),
                Schedule.of(ScheduleSpec.cron("*/20 * * * * *", "Australia/Sydney")),
                Schedule.of(ScheduleSpec.interval("PT30S", null)));
        for (Schedule schedule : schedules) {
            measure(schedule, Duration.ofSeconds(1));
            double perSecond = measure(schedule, Duration.ofSeconds(3));
            System.out.printf("%-60s %,12.0f next() calls/s%n", schedule, perSecond);
        }
    }

    /** Walks the schedule forward from 2026 for {@code length}, one fire time after another. */
    private static double measure(Schedule schedule, Duration length) {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        long calls = 0;
        long start = System.nanoTime();
        long end = start + length.toNanos();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                at = schedule.next(at).orElseThrow();
            }
            calls += 1_000;
        }
        return calls / ((System.nanoTime() - start) / 1e9);
    }
}
