package dev.runway.runner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects items (log lines, task-run reports) from any thread and posts them in batches: every
 * {@code interval}, as soon as a full batch is waiting, and on {@link #flush()}.
 *
 * <p>The queue is bounded so a flow that logs faster than the control plane accepts cannot exhaust memory;
 * what does not fit is counted and reported in the runner's own log.
 */
final class BatchSender<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final String what;
    private final Consumer<List<T>> send;
    private final int batchSize;
    private final BlockingQueue<T> queue;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> periodic;
    private final AtomicLong dropped = new AtomicLong();

    BatchSender(String what, Consumer<List<T>> send, int batchSize, int capacity, Duration interval,
                ScheduledExecutorService scheduler) {
        this.what = what;
        this.send = send;
        this.batchSize = batchSize;
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.scheduler = scheduler;
        this.periodic = scheduler.scheduleWithFixedDelay(this::sendQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void add(T item) {
        if (!queue.offer(item)) {
            dropped.incrementAndGet();
        } else if (queue.size() == batchSize) {
            try {
                scheduler.execute(this::sendQuietly);
            } catch (RejectedExecutionException e) {
                // Closing: whoever closes flushes what is queued.
            }
        }
    }

    /** Sends everything queued so far and returns when it is delivered; throws when it cannot be. */
    synchronized void flush() {
        List<T> batch = new ArrayList<>(batchSize);
        while (queue.drainTo(batch, batchSize) > 0) {
            send.accept(batch);
            batch = new ArrayList<>(batchSize);
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            log.warn("dropped {} {}: more were queued than the control plane accepted", lost, what);
        }
    }

    private void sendQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // The batch is lost, later ones may still get through; the final flush reports if they do not.
            log.warn("could not send {}: {}", what, e.getMessage());
        }
    }

    /** Stops sending in the background; call {@link #flush()} first to deliver what is queued. */
    @Override
    public void close() {
        periodic.cancel(false);
    }
}
