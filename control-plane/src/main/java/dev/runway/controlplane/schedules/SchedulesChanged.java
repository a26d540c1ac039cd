package dev.runway.controlplane.schedules;

import java.util.UUID;

/** A deployment's schedules were declared anew, paused or resumed: the scheduler has work at once. */
public record SchedulesChanged(UUID deploymentId) {
}
