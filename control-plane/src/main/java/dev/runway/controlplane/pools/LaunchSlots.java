package dev.runway.controlplane.pools;

import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.StateNames;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reserves a launch within its work pool's limits. The pool's row is locked while its slots are counted and the
 * launch reserved, in one transaction, so concurrent launches of a pool never exceed its concurrency limit. A free
 * slot goes to the pool's oldest dispatch: an attempt dispatched later waits while an earlier one waits.
 */
@Component
public class LaunchSlots {

    /** What {@link #reserve} found. */
    public sealed interface Reservation {
    }

    /**
     * The launch is this caller's to start.
     *
     * @param takesOver an earlier launch reserved this attempt and never recorded a start: it may have started
     *                  infrastructure before its control plane died
     */
    public record Reserved(boolean takesOver) implements Reservation {
    }

    /** Already launched, being launched, or the run moved on. */
    public record Taken() implements Reservation {
    }

    /** The pool has no slot for it now: the run stays PENDING under {@code stateName}. */
    public record Waiting(String stateName, String message) implements Reservation {
    }

    private final FlowRunStore runs;
    private final WorkPoolStore pools;
    private final TransactionTemplate tx;

    public LaunchSlots(FlowRunStore runs, WorkPoolStore pools, TransactionTemplate tx) {
        this.runs = runs;
        this.pools = pools;
        this.tx = tx;
    }

    /** As {@link FlowRunStore#reserveLaunch}, when the run's pool is not paused and has a slot for it. */
    public Reservation reserve(UUID runId, int attempt, Instant now, Instant staleBefore) {
        return tx.execute(status -> {
            Optional<String> pool = pools.poolOfRun(runId);
            if (pool.isPresent() && runs.reservable(runId, attempt, staleBefore)) {
                WorkPoolStore.Gate gate = pools.lockForLaunch(pool.get());
                if (gate.paused()) {
                    return new Waiting(StateNames.WORK_POOL_PAUSED, "work pool '" + pool.get() + "' is paused");
                }
                if (gate.concurrencyLimit() != null
                        && pools.slotsTakenOrOwedBefore(pool.get(), runId, attempt) >= gate.concurrencyLimit()) {
                    return new Waiting(StateNames.AWAITING_CONCURRENCY_SLOT, "work pool '" + pool.get()
                            + "' runs as many runs as its concurrency limit (" + gate.concurrencyLimit() + ") allows");
                }
            }
            boolean takesOver = runs.reservedWithoutStart(runId, attempt);
            return runs.reserveLaunch(runId, attempt, now, staleBefore) ? new Reserved(takesOver) : new Taken();
        });
    }
}
