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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * Proposes a system verdict on each of many runs, as {@link #proposeVerdict} does one by one, in one transaction:
     * the dispatcher's bursts take one commit, not one each. A run that changed since it was seen is left as it is
     * (REJECT in its place); nothing is retried. Events follow the commit.
     *
     * @return the result for each run, in order
     */
    public List<OrchestrationResult> proposeVerdicts(List<StoredRun> seen, State verdict) {
        Instant now = clock.instant();
        List<OrchestrationResult> results = new ArrayList<>();
        List<FlowRunStateChanged> changes = new ArrayList<>();
        List<FlowRunStore.Write> writes = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (StoredRun current : seen) {
            Decision decision = rules.decide(snapshot(current), Proposal.bySystem(verdict,
                    new Observed(current.version(), current.lastHeartbeat())), now);
            decisions.add(decision);
            if (decision.accepted()) {
                writes.add(new FlowRunStore.Write(current, current.run().withState(decision.state(), now),
                        claimantAfter(current, null, decision.state())));
            }
        }
        List<Boolean> written = new ArrayList<>();
        tx.executeWithoutResult(status -> {
            written.addAll(runs.transitionAll(writes));
            Map<UUID, Integer> attempts = new LinkedHashMap<>();
            for (int i = 0; i < writes.size(); i++) {
                FlowRun next = writes.get(i).next();
                // a new attempt is dispatched
                if (written.get(i) && next.runCount() != writes.get(i).current().run().runCount()) {
                    attempts.put(next.id(), next.runCount());
                }
            }
            outbox.addAll(attempts, now);
        });
        Iterator<FlowRunStore.Write> write = writes.iterator();
        Iterator<Boolean> made = written.iterator();
        for (int i = 0; i < seen.size(); i++) {
            StoredRun current = seen.get(i);
            Decision decision = decisions.get(i);
            if (!decision.accepted()) {
                results.add(new OrchestrationResult(decision.status(), current.run().state(), decision.reason()));
            } else if (!made.next()) {
                write.next();
                results.add(new OrchestrationResult(Status.REJECT, current.run().state(),
                        "the run changed after it was looked at"));
            } else {
                FlowRun next = write.next().next();
                results.add(new OrchestrationResult(Status.ACCEPT, next.state(), decision.reason()));
                changes.add(new FlowRunStateChanged(next, current.run().state()));
            }
        }
        for (FlowRunStateChanged change : changes) {
            log.info("flow run {} ({}): {} -> {}", change.run().id(), change.run().name(), change.previous().type(),
                    change.run().state().type());
            events.publishEvent(change);
        }
        return results;
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

    /** @param proposal null for a system verdict */
    private static String claimantAfter(StoredRun current, Proposal proposal, State next) {
        return switch (next.type()) {
            case PENDING, SCHEDULED -> null;
            case RUNNING -> proposal != null && proposal.proposer() == Proposer.RUNNER ? proposal.claimant()
                    : current.claimant();
            default -> current.claimant();
        };
    }

    private static boolean stillAsObserved(StoredRun current, Observed observed) {
        return current.version() == observed.version()
                && Objects.equals(current.lastHeartbeat(), observed.lastHeartbeat());
    }
}
