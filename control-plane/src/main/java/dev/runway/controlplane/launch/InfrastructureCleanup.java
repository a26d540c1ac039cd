package dev.runway.controlplane.launch;

import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.StateType;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Stops a runner that can no longer report: its run was cancelled before it ran, or declared crashed. */
@Component
class InfrastructureCleanup {

    private final FlowRunStore runs;
    private final Launchers launchers;

    InfrastructureCleanup(FlowRunStore runs, Launchers launchers) {
        this.runs = runs;
        this.launchers = launchers;
    }

    @EventListener
    void on(FlowRunStateChanged change) {
        StateType type = change.run().state().type();
        if (type == StateType.CANCELLED || type == StateType.CRASHED) {
            // read again: the launcher records the infrastructure id outside state writes, so the event may predate it
            runs.find(change.run().id())
                    .map(stored -> stored.run().infrastructureId())
                    .ifPresent(launchers::stop);
        }
    }
}
