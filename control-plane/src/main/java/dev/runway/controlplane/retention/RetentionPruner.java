package dev.runway.controlplane.retention;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.LogStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.TaskRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what is kept past its retention ({@code runway.retention.*}): runs that finished long ago with
 * their state history, task runs, logs and outbox rows, and outbox rows long since handed to the transport.
 * Every delete takes at most a batch of rows in its own transaction, so a large backlog is worked off in
 * short steps instead of one long transaction; a pass goes on until nothing is left. Results stay in the
 * result store, which offers no way to delete them.
 */
@Component
public class RetentionPruner implements BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);
    /** Runs whose rows one step deletes; their many logs are deleted in batches of their own. */
    private static final int RUNS_PER_STEP = 100;

    private final FlowRunStore runs;
    private final TaskRunStore taskRuns;
    private final LogStore logs;
    private final OutboxStore outbox;
    private final Clock clock;
    private final RunwayProperties.Retention settings;

    public RetentionPruner(FlowRunStore runs, TaskRunStore taskRuns, LogStore logs, OutboxStore outbox, Clock clock,
                           RunwayProperties properties) {
        this.runs = runs;
        this.taskRuns = taskRuns;
        this.logs = logs;
        this.outbox = outbox;
        this.clock = clock;
        this.settings = properties.retention();
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        if (!settings.finishedRuns().isZero()) {
            pruneFinishedRuns(now.minus(settings.finishedRuns()));
        }
        if (!settings.dispatchedOutbox().isZero()) {
            int deleted = drain(() -> outbox.deleteDispatchedBefore(now.minus(settings.dispatchedOutbox()),
                    settings.batchSize()));
            if (deleted > 0) {
                log.info("deleted {} outbox rows dispatched over {} ago", deleted, settings.dispatchedOutbox());
            }
        }
    }

    private void pruneFinishedRuns(Instant cutoff) {
        int deleted = 0;
        List<UUID> batch;
        do {
            batch = runs.findFinishedBefore(cutoff, Math.min(RUNS_PER_STEP, settings.batchSize()));
            if (batch.isEmpty()) {
                break;
            }
            List<UUID> ids = batch;
            drain(() -> logs.deleteOfRuns(ids, settings.batchSize()));
            drain(() -> taskRuns.deleteOfRuns(ids, settings.batchSize()));
            drain(() -> runs.deleteHistory(ids, settings.batchSize()));
            drain(() -> outbox.deleteOfRuns(ids, settings.batchSize()));
            // a run retried meanwhile is not finished any more and stays (its history up to then is gone)
            deleted += runs.deleteFinished(ids, cutoff);
        } while (!Thread.currentThread().isInterrupted());
        if (deleted > 0) {
            log.info("deleted {} flow runs that finished before {}, with their logs, states and task runs", deleted, cutoff);
        }
    }

    /** Repeats a batched delete until it finds nothing more; answers the rows deleted. */
    private static int drain(IntSupplier deleteBatch) {
        int total = 0;
        int deleted;
        do {
            deleted = deleteBatch.getAsInt();
            total += deleted;
        } while (deleted > 0 && !Thread.currentThread().isInterrupted());
        return total;
    }

    @Override
    public Duration interval() {
        return settings.checkInterval();
    }
}
