package dev.runway.controlplane.orchestration;

import static dev.runway.controlplane.orchestration.Proposer.RUNNER;
import static dev.runway.controlplane.orchestration.Proposer.SYSTEM;
import static dev.runway.controlplane.orchestration.Proposer.USER;
import static dev.runway.model.StateType.CANCELLED;
import static dev.runway.model.StateType.CANCELLING;
import static dev.runway.model.StateType.COMPLETED;
import static dev.runway.model.StateType.CRASHED;
import static dev.runway.model.StateType.FAILED;
import static dev.runway.model.StateType.PAUSED;
import static dev.runway.model.StateType.PENDING;
import static dev.runway.model.StateType.RUNNING;
import static dev.runway.model.StateType.SCHEDULED;

import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The one place that decides every proposed state of a flow run. Pure: the same snapshot and
 * proposal always give the same decision, and nothing is read or written here.
 *
 * <p>Two guards run first (a runner's token must be for the current attempt, and only the runner
 * that claimed an attempt may move it on). Then the {@link #TABLE} says, for each
 * (from, to, proposer), what happens; a pair not in the table is rejected — or aborted, for a
 * runner whose run has already ended, so that it stops.
 */
@Component
public final class OrchestrationRules {

    /** What the table does with an allowed transition. */
    enum Action {
        /** Write the proposed state as it is. */
        ACCEPT,
        /** A runner takes PENDING to RUNNING; named Retrying after the first attempt. */
        CLAIM,
        /** A failure with retries left becomes SCHEDULED AwaitingRetry after the retry delay. */
        RETRY_OR_FAIL,
        /** Cancelling a run that is not running needs no runner: it ends CANCELLED at once. */
        CANCEL_NOW,
        /** A cancelling run whose runner vanished ends CANCELLED, not CRASHED: the user asked for it. */
        CANCELLED_INSTEAD,
        /** An explicit retry takes a finished run back to SCHEDULED for a new attempt. */
        RETRY_FINISHED
    }

    record Key(StateType from, StateType to, Proposer proposer) {
    }

    /** One allowed transition, for documentation: {@code from} is null for a new run. */
    public record Transition(StateType from, StateType to, Proposer proposer, String action) {
    }

    static final Map<Key, Action> TABLE = table();

    private static Map<Key, Action> table() {
        Map<Key, Action> t = new HashMap<>();
        // creation: at once (PENDING is never created directly: the dispatcher owns that step)
        allow(t, null, SCHEDULED, Action.ACCEPT, USER, SYSTEM);
        // dispatch, launch, claim
        allow(t, SCHEDULED, SCHEDULED, Action.ACCEPT, SYSTEM);
        allow(t, SCHEDULED, PENDING, Action.ACCEPT, SYSTEM);
        // a schedule's run that never runs: missed (catch-up) or skipped (overlap)
        allow(t, SCHEDULED, CANCELLED, Action.ACCEPT, SYSTEM);
        // a PENDING run named for why it waits (AwaitingConcurrencySlot, WorkPoolPaused)
        allow(t, PENDING, PENDING, Action.ACCEPT, SYSTEM);
        allow(t, PENDING, SCHEDULED, Action.ACCEPT, SYSTEM);
        allow(t, PENDING, RUNNING, Action.CLAIM, RUNNER);
        allow(t, PAUSED, RUNNING, Action.ACCEPT, RUNNER);
        // the runner's outcomes
        allow(t, RUNNING, COMPLETED, Action.ACCEPT, RUNNER);
        allow(t, RUNNING, FAILED, Action.RETRY_OR_FAIL, RUNNER);
        allow(t, RUNNING, PAUSED, Action.ACCEPT, RUNNER);
        allow(t, CANCELLING, CANCELLED, Action.ACCEPT, RUNNER, SYSTEM);
        allow(t, CANCELLING, COMPLETED, Action.ACCEPT, RUNNER);
        allow(t, CANCELLING, FAILED, Action.ACCEPT, RUNNER);
        // cancellation by a user
        allow(t, SCHEDULED, CANCELLING, Action.CANCEL_NOW, USER);
        allow(t, PENDING, CANCELLING, Action.CANCEL_NOW, USER);
        allow(t, PAUSED, CANCELLING, Action.CANCEL_NOW, USER);
        allow(t, RUNNING, CANCELLING, Action.ACCEPT, USER);
        // crash detection
        allow(t, PENDING, CRASHED, Action.ACCEPT, SYSTEM);
        allow(t, RUNNING, CRASHED, Action.ACCEPT, SYSTEM);
        allow(t, PAUSED, CRASHED, Action.ACCEPT, SYSTEM);
        allow(t, CANCELLING, CRASHED, Action.CANCELLED_INSTEAD, SYSTEM);
        // explicit retry of a finished run
        for (StateType terminal : EnumSet.of(COMPLETED, FAILED, CANCELLED, CRASHED)) {
            allow(t, terminal, SCHEDULED, Action.RETRY_FINISHED, USER);
        }
        return Map.copyOf(t);
    }

    private static void allow(Map<Key, Action> t, StateType from, StateType to, Action action, Proposer... who) {
        for (Proposer p : who) {
            t.put(new Key(from, to, p), action);
        }
    }

    /** Every allowed transition, in a stable order, as the table states it. */
    public static List<Transition> transitions() {
        return TABLE.entrySet().stream()
                .map(e -> new Transition(e.getKey().from(), e.getKey().to(), e.getKey().proposer(),
                        e.getValue().name().toLowerCase().replace('_', ' ')))
                .sorted(Comparator.comparing((Transition t) -> t.from() == null ? -1 : t.from().ordinal())
                        .thenComparing(t -> t.to().ordinal())
                        .thenComparing(t -> t.proposer().ordinal()))
                .toList();
    }

    /** Decides a proposal. {@code now} stamps states the rules create (e.g. the retry's due time). */
    public Decision decide(RunSnapshot run, Proposal proposal, Instant now) {
        StateType from = run.state() == null ? null : run.state().type();
        StateType to = proposal.state().type();

        if (proposal.proposer() == RUNNER) {
            Decision guard = runnerGuards(run, proposal, from, to);
            if (guard != null) {
                return guard;
            }
        }
        if (proposal.retry() && !(from != null && from.isTerminal() && to == SCHEDULED)) {
            return Decision.reject("only a finished run can be retried; this one is " + describe(from));
        }
        Action action = TABLE.get(new Key(from, to, proposal.proposer()));
        if (action == Action.RETRY_FINISHED && !proposal.retry()) {
            action = null;
        }
        if (action == null) {
            return refuse(from, to, proposal.proposer());
        }
        return apply(action, run, proposal.state(), now);
    }

    private static Decision runnerGuards(RunSnapshot run, Proposal proposal, StateType from, StateType to) {
        if (proposal.attempt() != run.runCount()) {
            return Decision.abort("this runner was started for attempt " + proposal.attempt()
                    + " but the run is on attempt " + run.runCount());
        }
        if (from != null && from.isTerminal()) {
            return Decision.abort("the run already ended " + from);
        }
        boolean claimed = run.claimant() != null;
        if (to == RUNNING && from == RUNNING) {
            return Decision.abort("the run is already RUNNING in another runner");
        }
        if (to != RUNNING || from == PAUSED) {
            if (!claimed) {
                return Decision.abort("the run is " + from + ": claim it (propose RUNNING) first");
            }
            if (!run.claimant().equals(proposal.claimant())) {
                return Decision.abort("the run is held by another runner");
            }
        }
        return null;
    }

    private static Decision refuse(StateType from, StateType to, Proposer proposer) {
        String reason = describe(from) + " → " + to + " is not allowed for " + proposer.name().toLowerCase();
        if (from != null && from.isTerminal()) {
            reason = "the run already ended " + from + "; only an explicit retry leaves a finished run";
        }
        return proposer == RUNNER ? Decision.abort(reason) : Decision.reject(reason);
    }

    private static Decision apply(Action action, RunSnapshot run, State proposed, Instant now) {
        return switch (action) {
            case ACCEPT -> Decision.accept(proposed);
            case CLAIM -> Decision.accept(run.runCount() > 1 && proposed.name().equals(RUNNING.defaultName())
                    ? proposed.withName(StateNames.RETRYING) : proposed);
            case RETRY_OR_FAIL -> retryOrFail(run, proposed, now);
            case CANCEL_NOW -> Decision.change(
                    State.of(CANCELLED, cancelMessage(proposed), now),
                    "nothing was running, so the run is cancelled at once");
            case CANCELLED_INSTEAD -> Decision.change(
                    State.of(CANCELLED, "cancelled; the runner stopped before confirming: " + proposed.message(), now),
                    "the run was being cancelled");
            case RETRY_FINISHED -> Decision.accept(State.scheduled(proposed.name(),
                    proposed.message() == null ? "retry requested" : proposed.message(), now, now));
        };
    }

    private static Decision retryOrFail(RunSnapshot run, State failed, Instant now) {
        if (run.runCount() > run.maxRetries()) {
            return Decision.accept(failed);
        }
        Instant due = now.plusSeconds(run.retryDelaySeconds());
        String message = "attempt " + run.runCount() + " of " + (run.maxRetries() + 1) + " failed: " + failed.message();
        return Decision.change(State.scheduled(StateNames.AWAITING_RETRY, message, now, due),
                "retries left: " + (run.maxRetries() - run.runCount() + 1));
    }

    private static String cancelMessage(State proposed) {
        return proposed.message() == null ? "cancelled before it ran" : proposed.message();
    }

    private static String describe(StateType from) {
        return from == null ? "a new run" : from.name();
    }
}
