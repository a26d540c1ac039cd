package dev.runway.controlplane.crashes;

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
 * Finds runs whose runner has gone quiet and ends them: RUNNING without heartbeats → CRASHED,
 * launched but never claimed → CRASHED, CANCELLING that no runner confirmed → CANCELLED.
 *
 * <p>Silence is only counted while this control plane was there to hear it: for one heartbeat timeout
 * after it starts, no run is judged, so runners that kept working through an outage can reach it again.
 * Each verdict is proposed on the run as the detector saw it, and loses to any claim, state change or
 * heartbeat that came in between.
 */
@Component
public class CrashDetector implements BackgroundLoop {

    private static final int BATCH = 100;

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;
    private final RunwayProperties.Crash settings;
    private final Instant judgingFrom;

    public CrashDetector(FlowRunStore runs, Transitions transitions, Clock clock, RunwayProperties properties) {
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.settings = properties.crash();
        this.judgingFrom = clock.instant().plus(settings.heartbeatTimeout());
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        if (now.isBefore(judgingFrom)) {
            return;
        }
        long heartbeatSeconds = settings.heartbeatTimeout().toSeconds();
        for (StoredRun silent : runs.findWithoutHeartbeatSince(now.minus(settings.heartbeatTimeout()), BATCH)) {
            end(silent, StateType.CRASHED, "no heartbeat from the runner for over " + heartbeatSeconds
                    + " s: it was killed, ran out of memory or lost its network", now);
        }
        for (StoredRun unclaimed : runs.findLaunchedUnclaimedSince(now.minus(settings.launchTimeout()), BATCH)) {
            end(unclaimed, StateType.CRASHED, "the runner was launched but never claimed the run within "
                    + settings.launchTimeout().toSeconds() + " s", now);
        }
        for (StoredRun stuck : runs.findInStateSince(StateType.CANCELLING, now.minus(settings.heartbeatTimeout()), BATCH)) {
            end(stuck, StateType.CANCELLED, "the runner did not confirm the cancellation within "
                    + heartbeatSeconds + " s; it was stopped", now);
        }
    }

    private void end(StoredRun seen, StateType type, String message, Instant now) {
        transitions.proposeVerdict(seen, State.of(type, message, now));
    }

    @Override
    public Duration interval() {
        return settings.checkInterval();
    }
}
