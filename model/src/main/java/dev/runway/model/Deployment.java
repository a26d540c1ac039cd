package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.UUID;

/**
 * A deployment as the control plane stores it: its spec, with every default filled in, plus identity and
 * times. On the wire the spec's fields sit beside {@code id} and the times, as one flat object.
 */
public record Deployment(UUID id, @JsonUnwrapped DeploymentSpec spec, Instant createdAt, Instant updatedAt) {
}
