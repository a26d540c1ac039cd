package dev.runway.model;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * A work pool as the control plane keeps it, with how many of its runs are launched and unfinished
 * ({@code running}) and how many are PENDING without a launch ({@code waiting}) at the time of the answer.
 */
public record WorkPool(String name, String type, ObjectNode baseJobTemplate, Integer concurrencyLimit,
                       boolean paused, long running, long waiting, Instant createdAt, Instant updatedAt) {

    /** This pool's settings as a spec to send back, e.g. with one of them changed. */
    public WorkPoolSpec spec() {
        return new WorkPoolSpec(type, baseJobTemplate, concurrencyLimit, paused);
    }
}
