package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Instant;
import java.util.List;

/**
 * One schedule of a deployment as {@code GET /api/deployments/{name}/schedules} shows it: its id, its fields (defaults
 * filled in, {@code active} as it is now) and when it fires next. On the wire the schedule's fields sit beside
 * {@code id}, as one flat object.
 *
 * @param id             the schedule's id ({@link dev.runway.model.schedule.ScheduleId}); its runs' {@code scheduleId}
 * @param nextFireTimes  its next fire times from now, earliest first; empty while it or its deployment is paused
 */
public record DeploymentSchedule(String id, @JsonUnwrapped ScheduleSpec schedule, List<Instant> nextFireTimes) {

    public DeploymentSchedule {
        nextFireTimes = nextFireTimes == null ? List.of() : List.copyOf(nextFireTimes);
    }
}
