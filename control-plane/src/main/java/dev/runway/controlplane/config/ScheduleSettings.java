package dev.runway.controlplane.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How schedules make their runs ({@code runway.schedules.*}), validated at start; docs/schedules.md explains each.
 *
 * @param horizonRuns   how many of a schedule's next fire times are made into SCHEDULED runs ahead of time …
 * @param horizon       … counting only those at most this far from now
 * @param missedAfter   a schedule's run still not dispatched this long after its fire time was missed (the control
 *                      plane was down, the deployment or the schedule paused): its schedule's {@code catchUp} decides
 *                      whether it runs. A run less late than this runs, marked Late past
 *                      {@code runway.dispatch.late-after}
 * @param maxCatchUp    the most missed fire times of one schedule that {@code catchUp: all} runs; the earlier ones are
 *                      Missed
 * @param checkInterval how often the scheduler looks when nothing wakes it sooner (another control plane's change)
 */
@Validated
@ConfigurationProperties("runway.schedules")
public record ScheduleSettings(
        @Min(1) @DefaultValue("3") int horizonRuns,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1h") Duration horizon,
        @NotNull @DurationMin(seconds = 1) @DefaultValue("1m") Duration missedAfter,
        @Min(1) @DefaultValue("50") int maxCatchUp,
        @NotNull @DurationMin(millis = 100) @DefaultValue("10s") Duration checkInterval) {
}
