package dev.runway.controlplane.dispatch.pubsub;

import java.util.UUID;

/** Launches an attempt ({@code launch.LaunchHandler#launch}); throws when it could not, so the dispatch comes again. */
@FunctionalInterface
public interface Launches {

    /** True once nothing is left to do for this dispatch; false while another launch of it is under way. */
    boolean launch(UUID runId, int attempt);
}
