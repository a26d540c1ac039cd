package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.FlowRun;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells whoever waits for a run (a synchronous webhook) when it ends, without a thread or a database connection
 * held per waiter: a future completed when this control plane commits the run's terminal state, and, for a run
 * whose runner reported to another control plane on the same database, by a pass every second that looks up the
 * runs still waited for.
 */
@Component
public class RunEndings implements BackgroundLoop {

    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final FlowRunStore runs;
    private final Map<UUID, Set<CompletableFuture<FlowRun>>> waiting = new ConcurrentHashMap<>();

    public RunEndings(FlowRunStore runs) {
        this.runs = runs;
    }

    /** The run once it has ended; empty when it has not within {@code timeout}. */
    public CompletableFuture<Optional<FlowRun>> awaitEnd(UUID runId, Duration timeout) {
        CompletableFuture<FlowRun> ended = new CompletableFuture<>();
        // added under the map's lock for the run, so that a waiter forgotten meanwhile cannot drop the set it joins
        waiting.compute(runId, (id, waiters) -> {
            Set<CompletableFuture<FlowRun>> joined = waiters == null ? ConcurrentHashMap.newKeySet() : waiters;
            joined.add(ended);
            return joined;
        });
        // the answer follows the wait's removal, so a caller that has it never sees the wait still counted
        CompletableFuture<FlowRun> forgotten = ended.whenComplete((run, failure) -> forget(runId, ended));
        ended.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
        // it may have ended before anyone listened
        check(runId);
        return forgotten.thenApply(Optional::ofNullable);
    }

    @EventListener
    void on(FlowRunStateChanged changed) {
        if (changed.run().state().isTerminal()) {
            ended(changed.run());
        }
    }

    @Override
    public void runOnce() {
        waiting.keySet().forEach(this::check);
    }

    @Override
    public Duration interval() {
        return CHECK_INTERVAL;
    }

    /** How many waits are under way, for tests and metrics. */
    int waits() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private void check(UUID runId) {
        runs.find(runId).map(StoredRun::run).filter(run -> run.state().isTerminal()).ifPresent(this::ended);
    }

    private void ended(FlowRun run) {
        Set<CompletableFuture<FlowRun>> waiters = waiting.get(run.id());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(run));
        }
    }

    private void forget(UUID runId, CompletableFuture<FlowRun> waiter) {
        waiting.computeIfPresent(runId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        });
    }
}
