package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Moves due SCHEDULED runs to PENDING. The transition writes the outbox row in its own
 * transaction; {@link OutboxDrainer} hands it to the transport.
 */
@Component
public class Dispatcher implements BackgroundLoop {

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;
    private final RunwayProperties.Dispatch settings;

    public Dispatcher(FlowRunStore runs, Transitions transitions, Clock clock, RunwayProperties properties) {
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.settings = properties.dispatch();
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        for (StoredRun due : runs.findDue(now, settings.batchSize())) {
            StoredRun seen = due;
            if (LateRunMarker.isLate(due, now, settings.lateAfter())) {
                // due while nobody dispatched it (control plane down, deployment paused): say so in its history
                transitions.proposeVerdict(due, LateRunMarker.lateState(due, now));
                seen = runs.find(due.run().id()).orElse(due);
            }
            transitions.proposeVerdict(seen, State.of(StateType.PENDING, now));
        }
    }

    @Override
    public Duration interval() {
        return settings.pollInterval();
    }
}
