package dev.runway.controlplane.store;

import dev.runway.model.StateType;
import java.time.Instant;
import java.util.Set;

/** Which runs a listing returns; null or empty fields match everything. Times bound the creation time. */
public record RunFilter(Set<StateType> states, String deploymentName, Instant since, Instant until, int offset, int limit) {
}
