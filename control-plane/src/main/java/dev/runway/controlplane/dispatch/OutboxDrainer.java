package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Hands outbox rows to the transport, oldest first, and marks them sent. A row is marked only after
 * the transport took it, so a crash in between sends it again (at least once; the launcher dedups).
 */
@Component
public class OutboxDrainer implements BackgroundLoop {

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
        for (Dispatch dispatch : outbox.undispatched(settings.batchSize())) {
            transport.send(dispatch);
            outbox.markDispatched(dispatch.id(), clock.instant());
        }
    }

    @Override
    public Duration interval() {
        return settings.pollInterval();
    }
}
