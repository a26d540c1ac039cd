package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;

/**
 * A webhook as the control plane keeps it: its spec with every default filled in, whether it is enabled, and its
 * times. Never its secret (see {@link WebhookWithSecret}). On the wire one flat object.
 */
public record Webhook(@JsonUnwrapped WebhookSpec spec, boolean enabled, Instant createdAt, Instant updatedAt) {

    /** The path deliveries are sent to. */
    public String path() {
        return "/hooks/" + spec.slug();
    }
}
