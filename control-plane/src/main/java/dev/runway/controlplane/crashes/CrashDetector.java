package dev.runway.controlplane.crashes;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.Proposal;
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
 * Finds runs whose runner has gone quiet and ends them: RUNNING without heartbeats → CRASHED,
 * PENDING that no runner claimed → CRASHED, CANCELLING that no runner confirmed → CANCELLED.
 */
@Component
public class CrashDetector implements BackgroundLoop {

    private static final int BATCH = 100;

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;
    private final RunwayProperties.Crash settings;

    public CrashDetector(FlowRunStore runs, Transitions transitions, Clock clock, RunwayProperties properties) {
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.settings = properties.crash();
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        long heartbeatSeconds = settings.heartbeatTimeout().toSeconds();
        for (StoredRun silent : runs.findWithoutHeartbeatSince(now.minus(settings.heartbeatTimeout()), BATCH)) {
            end(silent, StateType.CRASHED, "no heartbeat from the runner for over " + heartbeatSeconds
                    + " s: it was killed, ran out of memory or lost its network", now);
        }
        for (StoredRun unclaimed : runs.findInStateSince(StateType.PENDING, now.minus(settings.launchTimeout()), BATCH)) {
            end(unclaimed, StateType.CRASHED, "the runner was launched but never claimed the run within "
                    + settings.launchTimeout().toSeconds() + " s", now);
        }
        for (StoredRun stuck : runs.findInStateSince(StateType.CANCELLING, now.minus(settings.heartbeatTimeout()), BATCH)) {
            end(stuck, StateType.CANCELLED, "the runner did not confirm the cancellation within "
                    + heartbeatSeconds + " s; it was stopped", now);
        }
    }

    private void end(StoredRun run, StateType type, String message, Instant now) {
        transitions.propose(run.run().id(), Proposal.bySystem(new State(type, null, message, now, null, null)), null);
    }

    @Override
    public Duration interval() {
        return settings.checkInterval();
    }
}
