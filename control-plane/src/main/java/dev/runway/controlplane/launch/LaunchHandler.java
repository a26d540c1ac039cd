package dev.runway.controlplane.launch;

import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Receives dispatches and launches each attempt exactly once: the launch is reserved in the
 * database first, so a redelivered dispatch finds it taken and does nothing.
 */
@Component
public class LaunchHandler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LaunchHandler.class);

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Launcher launcher;
    private final RunTokens tokens;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public LaunchHandler(FlowRunStore runs, Transitions transitions, Launcher launcher, RunTokens tokens, Clock clock) {
        this.runs = runs;
        this.transitions = transitions;
        this.launcher = launcher;
        this.tokens = tokens;
        this.clock = clock;
    }

    public void launchInBackground(UUID runId, int attempt) {
        executor.execute(() -> launch(runId, attempt));
    }

    /** Launches the attempt unless it was launched already or the run moved on. */
    public void launch(UUID runId, int attempt) {
        if (!runs.reserveLaunch(runId, attempt)) {
            log.debug("flow run {} attempt {}: already launched or no longer PENDING", runId, attempt);
            return;
        }
        StoredRun stored = runs.find(runId).orElseThrow();
        try {
            String infrastructureId = launcher.launch(new LaunchRequest(stored.run(), attempt, tokens.issue(runId, attempt)),
                    (infra, how) -> exited(runId, attempt, how));
            runs.recordInfrastructure(runId, attempt, infrastructureId);
            log.info("flow run {} attempt {} launched as {}", runId, attempt, infrastructureId);
        } catch (RuntimeException e) {
            log.error("flow run {} attempt {}: launch failed", runId, attempt, e);
            crash(runId, attempt, "could not start the runner: " + e.getMessage());
        }
    }

    /** The runner's infrastructure ended; if it did not report a final state, the run crashed. */
    private void exited(UUID runId, int attempt, String how) {
        crash(runId, attempt, "the runner stopped before reporting a final state: " + how);
    }

    private void crash(UUID runId, int attempt, String message) {
        Optional<StoredRun> current = runs.find(runId);
        if (current.isEmpty() || current.get().run().runCount() != attempt || current.get().run().state().isTerminal()) {
            return;
        }
        transitions.propose(runId, Proposal.bySystem(new State(StateType.CRASHED, null, message, clock.instant(),
                null, null)), null);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
