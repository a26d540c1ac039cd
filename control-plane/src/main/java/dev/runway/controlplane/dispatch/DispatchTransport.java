package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.store.OutboxStore.Dispatch;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a dispatch from the outbox to the launcher: in-process locally, Pub/Sub on GCP.
 * Delivering the same dispatch twice must be harmless: the launcher launches an attempt once.
 */
@FunctionalInterface
public interface DispatchTransport {

    /**
     * Starts handing the dispatch over. The future completes once the transport has it, saying who delivers it
     * again if the launch does not happen, and fails when the transport could not take it. It must complete
     * within a bounded time; the drainer stops waiting after {@code runway.dispatch.redeliver-after}.
     */
    CompletableFuture<Redelivery> send(Dispatch dispatch);

    /** Who delivers a dispatch again until its attempt is launched. */
    enum Redelivery {
        /** The outbox row stays open until the launch is recorded; the drainer sends it again meanwhile. */
        BY_OUTBOX,
        /** The transport keeps the dispatch until the launcher acknowledges it; the drainer closes the row at once. */
        BY_TRANSPORT
    }
}
