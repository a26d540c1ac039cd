package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.store.OutboxStore.Dispatch;

/**
 * Carries a dispatch from the outbox to the launcher: in-process locally, Pub/Sub on GCP.
 * Delivering the same dispatch twice must be harmless: the launcher launches an attempt once.
 */
public interface DispatchTransport {

    /** Returns once the transport has taken the dispatch; throws when it could not. */
    void send(Dispatch dispatch);
}
