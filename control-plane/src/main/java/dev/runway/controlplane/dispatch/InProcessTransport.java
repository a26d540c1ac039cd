package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
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
    public void send(Dispatch dispatch) {
        launches.launchInBackground(dispatch.flowRunId(), dispatch.attempt());
    }
}
