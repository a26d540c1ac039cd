package dev.runway.controlplane.store;

import dev.runway.model.FlowRun;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Instant;
import java.util.UUID;

/**
 * A deployment's schedule as stored.
 *
 * @param id             its id, a hash of what decides its runs ({@link dev.runway.model.schedule.ScheduleId})
 * @param index          its place in the deployment's {@code schedules}, from 0
 * @param spec           as declared, defaults filled in, with {@code active} as it is now (paused or not)
 * @param plannedThrough every fire time up to it has its run made, or was passed over by catch-up
 * @param nextPass       when the scheduler must look at it again; null when it never fires again
 */
public record StoredSchedule(UUID deploymentId, String id, int index, ScheduleSpec spec, Instant plannedThrough,
                             Instant nextPass) {

    public boolean active() {
        return Boolean.TRUE.equals(spec.active());
    }

    /** The {@code createdBy} of the runs it makes. */
    public String createdBy() {
        return FlowRun.bySchedule(id);
    }
}
