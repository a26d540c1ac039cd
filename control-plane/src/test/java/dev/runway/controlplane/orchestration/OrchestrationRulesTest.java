package dev.runway.controlplane.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.OrchestrationResult.Status;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Walks every (from, to) pair for every proposer and compares the decision with the tables below.
 * A = accepted as proposed, C = accepted but changed by a rule, R = rejected, X = aborted.
 * Runs are on attempt 1 with no retries; a claimed run is held by the proposing runner.
 */
class OrchestrationRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final String HOLDER = "runner-1";
    private static final StateType[] TO = StateType.values();

    private final OrchestrationRules rules = new OrchestrationRules();

    //                                    to: SCHEDULED PENDING RUNNING PAUSED CANCELLING CANCELLED COMPLETED FAILED CRASHED
    private static final String RUNNER = """
            new         X X X X X X X X X
            SCHEDULED   X X X X X X X X X
            PENDING     X X A X X X X X X
            RUNNING     X X X A X X A A X
            PAUSED      X X A X X X X X X
            CANCELLING  X X X X X A A A X
            CANCELLED   X X X X X X X X X
            COMPLETED   X X X X X X X X X
            FAILED      X X X X X X X X X
            CRASHED     X X X X X X X X X
            """;

    private static final String USER = """
            new         A R R R R R R R R
            SCHEDULED   R R R R C R R R R
            PENDING     R R R R C R R R R
            RUNNING     R R R R A R R R R
            PAUSED      R R R R C R R R R
            CANCELLING  R R R R R R R R R
            CANCELLED   R R R R R R R R R
            COMPLETED   R R R R R R R R R
            FAILED      R R R R R R R R R
            CRASHED     R R R R R R R R R
            """;

    private static final String SYSTEM = """
            new         A R R R R R R R R
            SCHEDULED   A A R R R A R R R
            PENDING     A A R R R R R R A
            RUNNING     R R R R R R R R A
            PAUSED      R R R R R R R R A
            CANCELLING  R R R R R A R R C
            CANCELLED   R R R R R R R R R
            COMPLETED   R R R R R R R R R
            FAILED      R R R R R R R R R
            CRASHED     R R R R R R R R R
            """;

    @Test
    void everyPairForARunnerMatchesTheTable() {
        assertThat(walk(Proposer.RUNNER)).isEqualTo(normalize(RUNNER));
    }

    @Test
    void everyPairForAUserMatchesTheTable() {
        assertThat(walk(Proposer.USER)).isEqualTo(normalize(USER));
    }

    @Test
    void everyPairForTheSystemMatchesTheTable() {
        assertThat(walk(Proposer.SYSTEM)).isEqualTo(normalize(SYSTEM));
    }

    @Test
    void aFailureWithRetriesLeftIsScheduledAgainAfterTheDelay() {
        Decision d = rules.decide(claimed(StateType.RUNNING, 1, 2), runner(StateType.FAILED, 1, HOLDER, "boom"), NOW);

        assertThat(d.status()).isEqualTo(Status.ACCEPT);
        assertThat(d.state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(d.state().name()).isEqualTo(StateNames.AWAITING_RETRY);
        assertThat(d.state().scheduledTime()).isEqualTo(NOW.plusSeconds(10));
        assertThat(d.state().message()).isEqualTo("attempt 1 of 3 failed: boom");
    }

    @Test
    void theLastAttemptsFailureIsFinal() {
        Decision d = rules.decide(claimed(StateType.RUNNING, 3, 2), runner(StateType.FAILED, 3, HOLDER, "boom"), NOW);

        assertThat(d.state().type()).isEqualTo(StateType.FAILED);
        assertThat(d.state().message()).isEqualTo("boom");
    }

    @Test
    void aSecondAttemptRunsAsRetrying() {
        var pending = new RunSnapshot(State.of(StateType.PENDING, NOW), 2, null, 2, 10);
        Decision d = rules.decide(pending, runner(StateType.RUNNING, 2, HOLDER, null), NOW);

        assertThat(d.state().name()).isEqualTo(StateNames.RETRYING);
    }

    @Test
    void aRunnerOfAnOldAttemptIsAborted() {
        var pending = new RunSnapshot(State.of(StateType.PENDING, NOW), 2, null, 2, 10);
        Decision d = rules.decide(pending, runner(StateType.RUNNING, 1, HOLDER, null), NOW);

        assertThat(d.status()).isEqualTo(Status.ABORT);
        assertThat(d.reason()).contains("attempt 1").contains("attempt 2");
    }

    @Test
    void onlyTheClaimantMayFinishARun() {
        Decision d = rules.decide(claimed(StateType.RUNNING, 1, 0), runner(StateType.COMPLETED, 1, "intruder", null), NOW);

        assertThat(d.status()).isEqualTo(Status.ABORT);
        assertThat(d.reason()).contains("another runner");
    }

    @Test
    void aSecondClaimOfARunningRunIsAborted() {
        Decision d = rules.decide(claimed(StateType.RUNNING, 1, 0), runner(StateType.RUNNING, 1, "runner-2", null), NOW);

        assertThat(d.status()).isEqualTo(Status.ABORT);
    }

    @Test
    void anExplicitRetryTakesAFinishedRunBackToScheduled() {
        for (StateType terminal : List.of(StateType.COMPLETED, StateType.FAILED, StateType.CANCELLED, StateType.CRASHED)) {
            var run = new RunSnapshot(State.of(terminal, NOW), 1, HOLDER, 0, 10);
            Decision d = rules.decide(run, Proposal.retryByUser(State.of(StateType.SCHEDULED, NOW), null), NOW);

            assertThat(d.status()).as(terminal.name()).isEqualTo(Status.ACCEPT);
            assertThat(d.state().scheduledTime()).isEqualTo(NOW);
        }
    }

    @Test
    void cancellingARunThatIsNotRunningCancelsItAtOnce() {
        var scheduled = new RunSnapshot(State.of(StateType.SCHEDULED, NOW), 0, null, 0, 10);
        Decision d = rules.decide(scheduled, Proposal.byUser(State.of(StateType.CANCELLING, NOW)), NOW);

        assertThat(d.state().type()).isEqualTo(StateType.CANCELLED);
    }

    private List<String> walk(Proposer proposer) {
        List<String> rows = new ArrayList<>();
        List<StateType> froms = new ArrayList<>();
        froms.add(null);
        froms.addAll(Arrays.asList(StateType.values()));
        for (StateType from : froms) {
            StringBuilder row = new StringBuilder(from == null ? "new" : from.name());
            for (StateType to : TO) {
                row.append(' ').append(outcome(from, to, proposer));
            }
            rows.add(row.toString());
        }
        return rows;
    }

    private char outcome(StateType from, StateType to, Proposer proposer) {
        RunSnapshot run = from == null ? RunSnapshot.notCreated()
                : new RunSnapshot(State.of(from, NOW), 1, isClaimed(from) ? HOLDER : null, 0, 10);
        State proposed = State.of(to, NOW);
        Proposal proposal = switch (proposer) {
            case RUNNER -> Proposal.byRunner(proposed, 1, HOLDER);
            case USER -> Proposal.byUser(proposed);
            case SYSTEM -> Proposal.bySystem(proposed, new Observed(0, null));
        };
        Decision d = rules.decide(run, proposal, NOW);
        return switch (d.status()) {
            case ACCEPT -> d.state().type() == to ? 'A' : 'C';
            case REJECT -> 'R';
            case ABORT -> 'X';
        };
    }

    private static boolean isClaimed(StateType from) {
        return from != StateType.SCHEDULED && from != StateType.PENDING;
    }

    private static RunSnapshot claimed(StateType state, int runCount, int maxRetries) {
        return new RunSnapshot(State.of(state, NOW), runCount, HOLDER, maxRetries, 10);
    }

    private static Proposal runner(StateType to, int attempt, String claimant, String message) {
        return Proposal.byRunner(new State(to, null, message, NOW, null, null), attempt, claimant);
    }

    private static List<String> normalize(String table) {
        return table.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.replaceAll("\\s+", " ")).toList();
    }
}
