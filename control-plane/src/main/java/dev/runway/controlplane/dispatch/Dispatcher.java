package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.ScheduleSettings;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.OrchestrationResult.Status;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.schedule.OverlapPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves due SCHEDULED runs to PENDING. The transition writes the outbox row in its own transaction;
 * {@link OutboxDrainer} hands it to the transport. It passes again when the next SCHEDULED run falls due (or sooner,
 * when a run is made: {@link DispatchWakeups}), so a run is dispatched at its time, not at the next poll. A schedule's
 * run goes through its schedule's overlap policy ({@link OverlapGuard}); one missed long ago is left to its schedule's
 * catch-up ({@code runway.schedules.missed-after}).
 */
@Component
public class Dispatcher implements BackgroundLoop {

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final OverlapGuard overlap;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final RunwayProperties.Dispatch settings;
    private final Duration missedAfter;
    private volatile Instant nextDue;

    public Dispatcher(FlowRunStore runs, Transitions transitions, OverlapGuard overlap, TransactionTemplate tx,
                      Clock clock, RunwayProperties properties, ScheduleSettings schedules) {
        this.runs = runs;
        this.transitions = transitions;
        this.overlap = overlap;
        this.tx = tx;
        this.clock = clock;
        this.settings = properties.dispatch();
        this.missedAfter = schedules.missedAfter();
    }

    /**
     * Batch after batch while whole batches move on, so a burst of due runs goes out in one pass. The runs that need
     * nothing but PENDING go in one transaction per batch; one late, or whose schedule may hold it back, on its own.
     */
    @Override
    public void runOnce() {
        Instant now = clock.instant();
        List<StoredRun> batch;
        int moved;
        do {
            batch = runs.findDue(now, now.minus(missedAfter), settings.batchSize());
            OverlapGuard.Policies policies = overlap.policies(batch);
            List<StoredRun> plain = new ArrayList<>();
            moved = 0;
            for (StoredRun due : batch) {
                OverlapPolicy policy = policies.of(due);
                if (policy == OverlapPolicy.ALLOW && !LateRunMarker.isLate(due, now, settings.lateAfter())) {
                    plain.add(due);
                } else {
                    moved += dispatch(due, policy, now, null) ? 1 : 0;
                }
            }
            if (!plain.isEmpty()) {
                moved += (int) transitions.proposeVerdicts(plain, State.of(StateType.PENDING, clock.instant())).stream()
                        .filter(result -> result.status() == Status.ACCEPT).count();
            }
        } while (batch.size() == settings.batchSize() && moved > 0);
        nextDue = runs.nextDue(now).orElse(null);
    }

    /**
     * Dispatches one due run: to PENDING (marked Late first when it waited past {@code late-after}), or held back by
     * its schedule's overlap policy. False when it did not move on: someone else moved or deleted it first.
     *
     * @param message what the PENDING state says, e.g. why a missed run runs after all; null for nothing
     */
    public boolean dispatch(StoredRun due, OverlapPolicy policy, Instant now, String message) {
        try {
            if (policy == OverlapPolicy.ALLOW) {
                return toPending(due, now, message);
            }
            return Boolean.TRUE.equals(tx.execute(status -> overlap.holdsBack(due, policy, now)
                    || toPending(due, now, message)));
        } catch (NotFoundException deletedMeanwhile) {
            // its schedule changed and took its runs not yet started with it
            return false;
        }
    }

    private boolean toPending(StoredRun due, Instant now, String message) {
        StoredRun seen = due;
        if (LateRunMarker.isLate(due, now, settings.lateAfter())) {
            // due while nobody dispatched it (control plane down, deployment paused): say so in its history
            transitions.proposeVerdict(due, LateRunMarker.lateState(due, now));
            seen = runs.find(due.run().id()).orElse(due);
        }
        // stamped as it is proposed, not when the pass began: a burst's last run says when it went
        Instant at = clock.instant();
        State pending = message == null ? State.of(StateType.PENDING, at) : State.of(StateType.PENDING, message, at);
        return transitions.proposeVerdict(seen, pending).status() == Status.ACCEPT;
    }

    @Override
    public Optional<Duration> untilNextPass() {
        Instant due = nextDue;
        return due == null ? Optional.empty() : Optional.of(Duration.between(clock.instant(), due));
    }

    @Override
    public Duration interval() {
        return settings.pollInterval();
    }
}
