package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Marks SCHEDULED runs that should have started a while ago as Late (still SCHEDULED), so a paused
 * deployment or a stopped control plane shows in the runs' states instead of passing unnoticed.
 */
@Component
public class LateRunMarker implements BackgroundLoop {

    private static final int BATCH = 100;

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;
    private final RunwayProperties.Dispatch settings;

    public LateRunMarker(FlowRunStore runs, Transitions transitions, Clock clock, RunwayProperties properties) {
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.settings = properties.dispatch();
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        for (StoredRun late : runs.findLate(now.minus(settings.lateAfter()), BATCH)) {
            transitions.proposeVerdict(late, lateState(late, now));
        }
    }

    /**
     * Whether a SCHEDULED run waited longer than {@code lateAfter} past its start and is not marked Late yet, nor
     * queued behind its schedule's previous run on purpose.
     */
    static boolean isLate(StoredRun run, Instant now, Duration lateAfter) {
        String name = run.run().state().name();
        return run.run().state().type() == StateType.SCHEDULED && !StateNames.LATE.equals(name)
                && !StateNames.AWAITING_PREVIOUS.equals(name) && run.run().expectedStartTime().isBefore(now.minus(lateAfter));
    }

    static State lateState(StoredRun run, Instant now) {
        Instant expected = run.run().expectedStartTime();
        String earlier = run.run().state().message();
        return State.scheduled(StateNames.LATE, "expected to start at " + expected + (earlier == null ? "" : "; " + earlier),
                now, expected);
    }

    @Override
    public Duration interval() {
        return settings.lateAfter().dividedBy(3);
    }
}
