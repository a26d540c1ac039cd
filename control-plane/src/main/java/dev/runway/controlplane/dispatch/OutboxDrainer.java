package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands open outbox rows to the transport, oldest first. A row stays open until the launcher records
 * the launch (or finds nothing to launch), so a dispatch that was sent but never launched — the control
 * plane died in between, the transport lost it — is sent again after {@code redeliverAfter}: at least
 * once, and the launcher launches each attempt once.
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
        for (Dispatch dispatch : outbox.due(now, settings.batchSize())) {
            // postponed before sending: a launch recorded at once must not be overtaken by this write
            outbox.deliverAgainAt(dispatch.id(), now.plus(settings.redeliverAfter()));
            try {
                transport.send(dispatch);
            } catch (RuntimeException e) {
                log.warn("could not send the dispatch of flow run {} attempt {}; sending it again after {}: {}",
                        dispatch.flowRunId(), dispatch.attempt(), settings.redeliverAfter(), e.getMessage());
            }
        }
    }

    @Override
    public Duration interval() {
        return settings.pollInterval();
    }
}
