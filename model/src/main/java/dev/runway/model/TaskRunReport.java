package dev.runway.model;

import java.time.Instant;
import java.util.UUID;

/** One task run's state, reported by the runner in batches. The latest report per task run wins. */
public record TaskRunReport(UUID id, String taskKey, int mapIndex, StateType type, String name, String message,
                            int attempts, Instant timestamp) {
}
