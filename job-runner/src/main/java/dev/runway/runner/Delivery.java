package dev.runway.runner;

import java.time.Duration;

/**
 * How a run's log lines and task-run reports travel to the control plane: in batches of {@code batchSize} items and
 * at most {@code maxBatchBytes} of JSON (the control plane refuses larger request bodies), every {@code interval}
 * and as soon as a batch is full, with at most {@code capacity} waiting. A flow thread that finds
 * the queue full waits up to {@code maxWait} for room, so a burst slows the flow down instead of losing lines, and
 * an unreachable control plane cannot hold the flow forever.
 */
record Delivery(Duration interval, int batchSize, long maxBatchBytes, int capacity, Duration maxWait) {

    /** As many items as the control plane takes in one call, in half its default body limit of 1 MiB. */
    static final Delivery DEFAULT = new Delivery(Duration.ofSeconds(1), 1000, 512 * 1024, 20_000, Duration.ofSeconds(30));

    Delivery {
        if (batchSize < 1 || capacity < batchSize) {
            throw new IllegalArgumentException("need 1 <= batchSize <= capacity, got " + batchSize + " and " + capacity);
        }
    }
}
