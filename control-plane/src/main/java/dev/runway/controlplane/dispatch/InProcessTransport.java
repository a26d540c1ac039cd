package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** The local transport: dispatches go straight to the launcher in this process. */
@Component
@ConditionalOnProperty(name = "runway.transport", havingValue = "local", matchIfMissing = true)
public class InProcessTransport implements DispatchTransport {

    private final LaunchHandler launches;

    public InProcessTransport(LaunchHandler launches) {
        this.launches = launches;
    }

    @Override
    public CompletableFuture<Redelivery> send(Dispatch dispatch) {
        launches.launchInBackground(dispatch.flowRunId(), dispatch.attempt());
        // a dispatch lost with this process is in no queue: only the open outbox row brings it back
        return CompletableFuture.completedFuture(Redelivery.BY_OUTBOX);
    }
}
