package dev.runway.controlplane.orchestration;

import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.FlowRun;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.OrchestrationResult.Status;
import dev.runway.model.State;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves flow runs between states: reads the run, asks {@link OrchestrationRules}, and writes the
 * decision conditionally (a concurrent writer makes it read and decide again). Entering PENDING
 * writes the outbox row in the same transaction.
 */
@Service
public class Transitions {

    private static final Logger log = LoggerFactory.getLogger(Transitions.class);
    private static final int MAX_CONFLICTS = 20;

    private final FlowRunStore runs;
    private final OutboxStore outbox;
    private final OrchestrationRules rules;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public Transitions(FlowRunStore runs, OutboxStore outbox, OrchestrationRules rules, TransactionTemplate tx,
                       ApplicationEventPublisher events, Clock clock) {
        this.runs = runs;
        this.outbox = outbox;
        this.rules = rules;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Proposes a system verdict (crashed, late, due, …) reached by looking at {@code seen}. It applies only
     * while the run is still as seen: a claim, a state change or a heartbeat since then rejects it.
     */
    public OrchestrationResult proposeVerdict(StoredRun seen, State verdict) {
        return propose(seen.run().id(), Proposal.bySystem(verdict, new Observed(seen.version(), seen.lastHeartbeat())),
                null);
    }

    /**
     * Decides and applies a proposal.
     *
     * @param transitionId the proposer's id for this transition; a repeat returns the current state and writes nothing
     */
    public OrchestrationResult propose(UUID runId, Proposal proposal, UUID transitionId) {
        for (int attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
            StoredRun current = runs.find(runId).orElseThrow(() -> new NotFoundException("no flow run with id " + runId));
            if (transitionId != null && runs.findTransition(runId, transitionId).isPresent()) {
                return new OrchestrationResult(Status.ACCEPT, current.run().state(), "transition already applied");
            }
            if (proposal.observed() != null && !stillAsObserved(current, proposal.observed())) {
                return new OrchestrationResult(Status.REJECT, current.run().state(),
                        "the run changed after it was looked at");
            }
            Instant now = clock.instant();
            Decision decision = rules.decide(snapshot(current), proposal, now);
            if (!decision.accepted()) {
                return new OrchestrationResult(decision.status(), current.run().state(), decision.reason());
            }
            FlowRun next = current.run().withState(decision.state(), now);
            String claimant = claimantAfter(current, proposal, decision.state());
            Optional<Boolean> written = write(current, next, claimant, transitionId, now);
            if (written.isEmpty()) {
                return new OrchestrationResult(Status.ACCEPT, runs.find(runId).orElseThrow().run().state(),
                        "transition already applied");
            }
            if (written.get()) {
                log.info("flow run {} ({}): {} -> {} {}", runId, next.name(), current.run().state().type(),
                        next.state().type(), next.state().message() == null ? "" : "— " + next.state().message());
                events.publishEvent(new FlowRunStateChanged(next, current.run().state()));
                return new OrchestrationResult(Status.ACCEPT, next.state(), decision.reason());
            }
        }
        throw new IllegalStateException("flow run " + runId + " is being changed by too many writers at once");
    }

    /** Empty when the transition id was applied by a concurrent request; false when another writer won. */
    private Optional<Boolean> write(StoredRun current, FlowRun next, String claimant, UUID transitionId, Instant now) {
        try {
            return Optional.of(Boolean.TRUE.equals(tx.execute(status -> {
                if (!runs.transition(current, next, claimant, transitionId)) {
                    return false;
                }
                // a new attempt is dispatched; a PENDING run renamed (e.g. AwaitingConcurrencySlot) keeps the dispatch it has
                if (next.runCount() != current.run().runCount()) {
                    outbox.add(next.id(), next.runCount(), now);
                }
                return true;
            })));
        } catch (DuplicateKeyException sameTransition) {
            return Optional.empty();
        }
    }

    static RunSnapshot snapshot(StoredRun stored) {
        FlowRun r = stored.run();
        return new RunSnapshot(r.state(), r.runCount(), stored.claimant(), r.maxRetries(), r.retryDelaySeconds());
    }

    private static String claimantAfter(StoredRun current, Proposal proposal, State next) {
        return switch (next.type()) {
            case PENDING, SCHEDULED -> null;
            case RUNNING -> proposal.proposer() == Proposer.RUNNER ? proposal.claimant() : current.claimant();
            default -> current.claimant();
        };
    }

    private static boolean stillAsObserved(StoredRun current, Observed observed) {
        return current.version() == observed.version()
                && Objects.equals(current.lastHeartbeat(), observed.lastHeartbeat());
    }
}
