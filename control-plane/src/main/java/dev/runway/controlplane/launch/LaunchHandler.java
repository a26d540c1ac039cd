package dev.runway.controlplane.launch;

import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.LaunchSlots;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.WorkPool;
import dev.runway.model.JobTemplate;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Receives dispatches and launches each attempt once: the launch is reserved in the database first, so
 * a redelivered dispatch finds it taken and does nothing. A run whose work pool is paused or full is not
 * reserved: it stays PENDING, named for why it waits, and its dispatch stays open. The dispatch is closed only when the launch
 * is recorded (or nothing is left to launch); a reservation whose launch never started is taken over
 * after {@code runway.dispatch.redeliver-after}.
 */
@Component
public class LaunchHandler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LaunchHandler.class);

    private final FlowRunStore runs;
    private final OutboxStore outbox;
    private final Transitions transitions;
    private final LaunchSlots slots;
    private final Launchers launchers;
    private final WorkPoolStore pools;
    private final RunTokens tokens;
    private final Clock clock;
    private final Duration lease;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public LaunchHandler(FlowRunStore runs, OutboxStore outbox, Transitions transitions, LaunchSlots slots,
                         Launchers launchers, WorkPoolStore pools, RunTokens tokens, Clock clock, RunwayProperties properties) {
        this.runs = runs;
        this.outbox = outbox;
        this.transitions = transitions;
        this.slots = slots;
        this.launchers = launchers;
        this.pools = pools;
        this.tokens = tokens;
        this.clock = clock;
        this.lease = properties.dispatch().redeliverAfter();
    }

    public void launchInBackground(UUID runId, int attempt) {
        executor.execute(() -> launch(runId, attempt));
    }

    /**
     * Launches the attempt unless it was launched already, is being launched, or the run moved on.
     *
     * @return false while another launch of the attempt holds its reservation (it may still fail and leave the
     * attempt to a later delivery); true once the transport need not deliver this dispatch again: launched, moved on,
     * or handed back to the outbox to wait (for a slot in its work pool, or for its infrastructure)
     */
    public boolean launch(UUID runId, int attempt) {
        Instant now = clock.instant();
        LaunchSlots.Reservation reservation = slots.reserve(runId, attempt, now, now.minus(lease));
        if (reservation instanceof LaunchSlots.Waiting waiting) {
            outbox.waitForSlot(runId, attempt, now.plus(lease));
            nameTheWait(runId, attempt, waiting.stateName(), waiting.message());
            return true;
        }
        if (!(reservation instanceof LaunchSlots.Reserved reserved)) {
            boolean settled = runs.launchSettled(runId, attempt);
            if (settled) {
                outbox.close(runId, attempt, now);
            }
            log.debug("flow run {} attempt {}: already launched, being launched or no longer PENDING", runId, attempt);
            return settled;
        }
        StoredRun stored = runs.find(runId).orElseThrow();
        try {
            WorkPool pool = pools.poolOfRun(runId).flatMap(pools::find).orElseThrow(() -> new IllegalStateException(
                    "deployment '" + stored.run().deploymentName() + "' names a work pool that does not exist"));
            String infrastructureId = launchers.forPool(pool).launch(new LaunchRequest(stored.run(), attempt,
                            tokens.issue(runId, attempt), pool, jobTemplate(runId), reserved.takesOver()),
                    (infra, how) -> crash(runId, attempt, "the runner stopped before reporting a final state: " + how));
            runs.recordLaunch(runId, attempt, infrastructureId, clock.instant());
            log.info("flow run {} attempt {} launched as {}", runId, attempt, infrastructureId);
        } catch (LaunchUnavailableException e) {
            // the outbox, not the transport, brings it back: a Pub/Sub redelivery would count towards its dead letter
            log.warn("flow run {} attempt {}: not launched yet ({}), trying again in {}", runId, attempt, e.getMessage(),
                    e.retryAfter());
            Duration retryAfter = e.retryAfter();
            if (e.mayHaveStarted()) {
                // kept reserved: the launch that takes it over after the lease looks for what this one started
                retryAfter = retryAfter.compareTo(lease) > 0 ? retryAfter : lease.plusSeconds(1);
            } else {
                runs.releaseLaunch(runId, attempt);
            }
            outbox.waitForSlot(runId, attempt, clock.instant().plus(retryAfter));
            nameTheWait(runId, attempt, e.stateName(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            log.error("flow run {} attempt {}: launch failed", runId, attempt, e);
            crash(runId, attempt, "could not start the runner: " + e.getMessage());
        }
        outbox.close(runId, attempt, clock.instant());
        return true;
    }

    /** The run's pool's base job template with its deployment's job variables over it. */
    private ObjectNode jobTemplate(UUID runId) {
        return pools.jobSettingsOfRun(runId)
                .map(job -> JobTemplate.merge(job.baseJobTemplate(), job.jobVariables()))
                .orElseGet(() -> Json.mapper().createObjectNode());
    }

    /** Says in the run's state why it is not launched yet; its dispatch is delivered again. */
    private void nameTheWait(UUID runId, int attempt, String stateName, String message) {
        log.debug("flow run {} attempt {} waits: {}", runId, attempt, message);
        runs.find(runId)
                .filter(seen -> seen.run().runCount() == attempt && seen.run().state().type() == StateType.PENDING
                        && !stateName.equals(seen.run().state().name()))
                .ifPresent(seen -> transitions.proposeVerdict(seen,
                        State.of(StateType.PENDING, message, clock.instant()).withName(stateName)));
    }

    private void crash(UUID runId, int attempt, String message) {
        runs.find(runId)
                .filter(seen -> seen.run().runCount() == attempt && !seen.run().state().isTerminal())
                .ifPresent(seen -> transitions.proposeVerdict(seen, State.of(StateType.CRASHED, message, clock.instant())));
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
