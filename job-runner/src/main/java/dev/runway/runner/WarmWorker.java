package dev.runway.runner;

import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStores;
import dev.runway.runner.FlowRunAttempt.Aftermath;
import dev.runway.runner.inbox.InboxMessage;
import dev.runway.runner.inbox.WarmInbox;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A warm runner's loop ({@code --warm}): takes a start message from its inbox only when idle, runs it as a
 * {@link FlowRunAttempt} with the flows' context started once for all runs, and takes the next. A message is done
 * with once its claim is answered, or when it is dropped as malformed (logged with what is wrong).
 *
 * <p>Runs stay apart: each binds its own parameters, ships only its own log lines ({@link RunThreads}), starts with
 * an empty MDC and calls its flow on a new thread. A run that leaves the JVM unfit ({@link Aftermath}) ends the loop:
 * the runner exits to be replaced.
 */
final class WarmWorker {

    /** How long a run that was stopped, once its drain time is over, gets to report FAILED. */
    static final Duration STOP_MARGIN = Duration.ofSeconds(4);
    private static final Logger log = LoggerFactory.getLogger(WarmWorker.class);

    /** Makes the attempt at the flow run a start message names. */
    @FunctionalInterface
    interface Attempts {
        FlowRunAttempt of(RunSettings settings);
    }

    private final WarmInbox inbox;
    private final Map<String, String> environment;
    private final Duration drain;
    private final Attempts attempts;
    /** The result stores opened so far, by URI: a GCS client is made once, not once a run. */
    private final Map<URI, ResultStore> stores = new ConcurrentHashMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private boolean stopping;
    private FlowRunAttempt current;

    /**
     * @param environment the runner's own, under each start message's variables
     * @param drain       how long a run under way gets to finish once the worker is {@linkplain #drain drained}
     */
    WarmWorker(WarmInbox inbox, Map<String, String> environment, Duration drain, Attempts attempts) {
        this.inbox = inbox;
        this.environment = Map.copyOf(environment);
        this.drain = drain;
        this.attempts = attempts;
    }

    /**
     * Runs flow runs one after another until the inbox ends or the worker is drained (then {@link Aftermath#CLEAN}), or
     * a run leaves the JVM unfit for another (then its aftermath).
     */
    Aftermath run() {
        try {
            while (!isStopping()) {
                Optional<InboxMessage> message = inbox.next();
                if (message.isEmpty()) {
                    break;
                }
                Aftermath aftermath = take(message.get());
                if (aftermath != Aftermath.CLEAN) {
                    log.warn("The warm worker takes no more flow runs: {}", aftermath);
                    return aftermath;
                }
            }
            log.info("The warm worker takes no more flow runs: its inbox {}", isStopping() ? "was closed" : "ended");
            return Aftermath.CLEAN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Aftermath.CLEAN;
        } finally {
            ended.countDown();
        }
    }

    /**
     * Stops taking messages, as on SIGTERM: an idle worker ends at once, a run under way gets the drain time to finish
     * and is then stopped and reported FAILED. Returns whether the worker ended, which it waits for, at most the drain
     * time and {@link #STOP_MARGIN}.
     */
    boolean drain() throws InterruptedException {
        FlowRunAttempt running;
        synchronized (this) {
            stopping = true;
            running = current;
        }
        inbox.close();
        if (running != null) {
            log.info("Stopping: the flow run under way has {} s to finish (RUNWAY_DRAIN_SECONDS)", drain.toSeconds());
            if (ended.await(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            running.stop("the warm worker was stopped (SIGTERM) before the flow finished; it had " + drain.toSeconds()
                    + " s to finish (RUNWAY_DRAIN_SECONDS)");
        }
        return ended.await(STOP_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized boolean isStopping() {
        return stopping;
    }

    private Aftermath take(InboxMessage message) {
        RunSettings settings;
        try {
            settings = RunSettings.fromEnvironment(StartMessage.parse(message.text()).over(environment),
                    location -> stores.computeIfAbsent(location, ResultStores::open));
        } catch (ConfigurationException e) {
            log.error("Dropped {}: {}", message.origin(), e.getMessage());
            message.done();
            return Aftermath.CLEAN;
        }
        FlowRunAttempt attempt = attempts.of(settings);
        synchronized (this) {
            if (stopping) {
                message.giveBack();
                return Aftermath.CLEAN;
            }
            current = attempt;
        }
        log.info("took flow run {} attempt {} from {}", settings.runId(), settings.attempt(), message.origin());
        AtomicBoolean answered = new AtomicBoolean();
        MDC.clear();
        try {
            return attempt.execute(() -> {
                answered.set(true);
                message.done();
            });
        } catch (RuntimeException e) {
            log.error("Flow run {} attempt {} ended without its final state reported", settings.runId(),
                    settings.attempt(), e);
            if (!answered.get()) {
                message.giveBack();
            }
            return Aftermath.CLEAN;
        } finally {
            MDC.clear();
            synchronized (this) {
                current = null;
            }
        }
    }
}
