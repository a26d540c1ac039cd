package dev.runway.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects items (log lines, task-run reports) from any thread and posts them in batches: every interval, as soon
 * as a full batch is waiting, and at the end.
 *
 * <p>The queue is bounded so a flow that writes faster than the control plane takes cannot exhaust memory. When it
 * is full the writing thread waits for room ({@link Delivery#maxWait()} at most), so nothing is dropped because of a
 * burst. What still cannot be delivered — the wait ran out, a batch failed after the client's retries, the run had
 * ended — is counted, with the reason, for the run's closing notice ({@link RunReporting}).
 */
final class BatchSender<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

    private final String what;
    private final Consumer<List<T>> send;
    private final ToLongFunction<T> jsonSize;
    private final Delivery delivery;
    private final BlockingQueue<T> queue;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> periodic;
    private final AtomicBoolean sendRequested = new AtomicBoolean();
    private final AtomicLong undelivered = new AtomicLong();
    /**
     * False once the control plane fell behind: until a batch gets through again, nobody waits for room. Set after
     * {@link #problem}, so whoever reads it false finds the reason.
     */
    private volatile boolean patient = true;
    private volatile boolean closed;
    private volatile String problem;

    /** @param jsonSize an upper bound of an item's size as JSON, in bytes, to keep batches under the body limit */
    BatchSender(String what, Consumer<List<T>> send, ToLongFunction<T> jsonSize, Delivery delivery,
                ScheduledExecutorService scheduler) {
        this.what = what;
        this.send = send;
        this.jsonSize = jsonSize;
        this.delivery = delivery;
        this.queue = new LinkedBlockingQueue<>(delivery.capacity());
        this.scheduler = scheduler;
        long interval = delivery.interval().toMillis();
        this.periodic = scheduler.scheduleWithFixedDelay(this::flush, interval, interval, TimeUnit.MILLISECONDS);
    }

    void add(T item) {
        String failure = enqueue(item);
        if (failure == null && closed && queue.remove(item)) {
            failure = "they were written after the run had ended";
        }
        if (failure != null) {
            undelivered(1, failure);
        }
    }

    /** Queues the item, waiting for room if need be; returns why it could not, or null. */
    private String enqueue(T item) {
        if (closed) {
            return "they were written after the run had ended";
        }
        if (queue.offer(item)) {
            if (queue.size() >= delivery.batchSize()) {
                requestSend();
            }
            return null;
        }
        requestSend();
        if (RuntimeThreads.isCurrent()) {
            return "the runner's own threads found the queue full";
        }
        if (!patient) {
            return problem;
        }
        try {
            if (queue.offer(item, delivery.maxWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
            String failure = "the control plane took none for " + delivery.maxWait().toMillis() + " ms";
            problem = failure;
            patient = false;
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the thread that wrote them was interrupted while waiting for room";
        }
    }

    /** Sends what is queued until the queue is empty or a batch fails; that batch counts as undelivered. */
    void flush() {
        sendQueued(false);
    }

    /** Sends everything still queued; after a failed batch the rest counts as undelivered instead of being retried. */
    void deliverRest() {
        sendQueued(true);
    }

    long undelivered() {
        return undelivered.get();
    }

    /** Why the last undelivered items were not delivered; null when all were. */
    String problem() {
        return problem;
    }

    private synchronized void sendQueued(boolean last) {
        List<T> batch = new ArrayList<>(delivery.batchSize());
        while (nextBatch(batch)) {
            try {
                send.accept(batch);
                patient = true;
            } catch (RuntimeException e) {
                List<T> rest = new ArrayList<>();
                if (last) {
                    queue.drainTo(rest);
                }
                String failure = e.getMessage() != null ? e.getMessage() : e.toString();
                log.warn("could not send {} {}: {}", batch.size() + rest.size(), what, failure);
                undelivered(batch.size() + rest.size(), failure);
                patient = false;
                return;
            }
            batch = new ArrayList<>(delivery.batchSize());
        }
    }

    /** Takes the next batch off the queue: up to batchSize items, within maxBatchBytes unless one item alone is larger. */
    private boolean nextBatch(List<T> batch) {
        long bytes = 0;
        for (T next = queue.peek(); next != null && batch.size() < delivery.batchSize(); next = queue.peek()) {
            if (!batch.isEmpty() && bytes + jsonSize.applyAsLong(next) > delivery.maxBatchBytes()) {
                break;
            }
            T taken = queue.poll(); // the one peeked, unless a writer took it back as the run ended
            if (taken == null) {
                break;
            }
            batch.add(taken);
            bytes += jsonSize.applyAsLong(taken);
        }
        return !batch.isEmpty();
    }

    private void requestSend() {
        if (sendRequested.compareAndSet(false, true)) {
            try {
                scheduler.execute(() -> {
                    sendRequested.set(false);
                    flush();
                });
            } catch (RejectedExecutionException e) {
                // Closing: whoever closes delivers what is queued.
                sendRequested.set(false);
            }
        }
    }

    private void undelivered(long count, String why) {
        undelivered.addAndGet(count);
        problem = why;
    }

    /** Stops sending in the background and takes nothing more; call {@link #deliverRest()} then. */
    @Override
    public void close() {
        closed = true;
        periodic.cancel(false);
    }
}
