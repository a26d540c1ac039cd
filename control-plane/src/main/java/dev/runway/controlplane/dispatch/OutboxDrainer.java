package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.dispatch.DispatchTransport.Redelivery;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands open outbox rows to the transport, oldest first, all of a batch at once, then waits for each.
 * A row the transport keeps redelivering itself (Pub/Sub) is closed as soon as the transport has it. Any
 * other row stays open until the launcher records the launch (or finds nothing to launch), so a dispatch
 * that was sent but never launched — the control plane died in between, the transport lost it — is sent
 * again after {@code redeliverAfter}: at least once, and the launcher launches each attempt once.
 */
@Component
public class OutboxDrainer implements BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxDrainer.class);

    private final OutboxStore outbox;
    private final DispatchTransport transport;
    private final Clock clock;
    private final RunwayProperties.Dispatch settings;

    public OutboxDrainer(OutboxStore outbox, DispatchTransport transport, Clock clock, RunwayProperties properties) {
        this.outbox = outbox;
        this.transport = transport;
        this.clock = clock;
        this.settings = properties.dispatch();
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        Map<Dispatch, CompletableFuture<Redelivery>> sent = new LinkedHashMap<>();
        for (Dispatch due : outbox.due(now, settings.batchSize())) {
            // postponed before sending: a launch recorded at once must not be overtaken by this write
            Optional<Dispatch> handedOver = outbox.deliverAgainAt(due, now.plus(settings.redeliverAfter()));
            if (handedOver.isEmpty()) {
                continue;
            }
            Dispatch dispatch = handedOver.get();
            try {
                sent.put(dispatch, transport.send(dispatch));
            } catch (RuntimeException e) {
                sent.put(dispatch, CompletableFuture.failedFuture(e));
            }
        }
        sent.forEach(this::settle);
    }

    private void settle(Dispatch dispatch, CompletableFuture<Redelivery> sending) {
        try {
            if (sending.get(settings.redeliverAfter().toMillis(), TimeUnit.MILLISECONDS) == Redelivery.BY_TRANSPORT) {
                outbox.closeSent(dispatch, clock.instant());
            }
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.warn("could not send the dispatch of flow run {} attempt {}; sending it again after {}: {}",
                    dispatch.flowRunId(), dispatch.attempt(), settings.redeliverAfter(), String.valueOf(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Duration interval() {
        return settings.pollInterval();
    }
}
