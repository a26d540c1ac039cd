package dev.runway.runner;

import dev.runway.model.HeartbeatResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the control plane the run is alive every {@code interval}, and passes on a cancellation request.
 * A failed heartbeat is logged and the next one tried: the control plane only declares a run crashed
 * after several are missing.
 */
final class HeartbeatLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

    private final ControlPlaneClient client;
    private final Runnable onCancelRequested;
    private final ScheduledExecutorService scheduler;
    private boolean cancelLogged;

    private HeartbeatLoop(ControlPlaneClient client, Runnable onCancelRequested) {
        this.client = client;
        this.onCancelRequested = onCancelRequested;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(RuntimeThreads.named("runway-heartbeat"));
    }

    /** Starts beating after one interval: the claim that came just before already said the runner is alive. */
    static HeartbeatLoop start(ControlPlaneClient client, Duration interval, Runnable onCancelRequested) {
        HeartbeatLoop loop = new HeartbeatLoop(client, onCancelRequested);
        loop.scheduler.scheduleAtFixedRate(loop::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return loop;
    }

    private void beat() {
        HeartbeatResponse response;
        try {
            response = client.heartbeat();
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.getMessage());
            return;
        }
        if (response.cancelRequested()) {
            if (!cancelLogged) {
                log.info("Cancellation requested: stopping the flow");
                cancelLogged = true;
            }
            onCancelRequested.run();
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
