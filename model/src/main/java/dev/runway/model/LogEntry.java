package dev.runway.model;

import java.time.Instant;
import java.util.UUID;

/** One log line of a run, written by flow code through SLF4J and shipped by the runner. */
public record LogEntry(Instant timestamp, String level, String logger, String message, UUID taskRunId) {
}
