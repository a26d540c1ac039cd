package dev.runway.controlplane.loops;

import dev.runway.controlplane.config.RunwayProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link BackgroundLoop} on its own thread at its interval, logs a failed pass and goes
 * on. {@link #wake} runs a loop at once instead of waiting for its next pass, {@link #wakeIn} after a while; a loop
 * that knows when it is needed next says so after each pass ({@link BackgroundLoop#untilNextPass()}).
 */
@Component
public class BackgroundLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoops.class);

    private final List<BackgroundLoop> loops;
    private final boolean enabled;
    private final Map<Class<?>, ScheduledExecutorService> executors = new ConcurrentHashMap<>();
    /** Per loop, the one extra pass planned ahead: a sooner wish replaces it, a later one leaves it. */
    private final Map<Class<?>, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private volatile boolean running;

    public BackgroundLoops(List<BackgroundLoop> loops, RunwayProperties properties) {
        this.loops = loops;
        this.enabled = properties.loops().enabled();
    }

    @Override
    public void start() {
        if (enabled) {
            for (BackgroundLoop loop : loops) {
                String name = "runway-" + loop.getClass().getSimpleName();
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                        r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
                executors.put(loop.getClass(), executor);
                long millis = loop.interval().toMillis();
                executor.scheduleWithFixedDelay(() -> pass(loop), millis, millis, TimeUnit.MILLISECONDS);
            }
        }
        running = true;
    }

    /** Asks a loop for an extra pass now; passes never overlap. */
    public void wake(Class<? extends BackgroundLoop> type) {
        ScheduledExecutorService executor = executors.get(type);
        if (executor == null) {
            return;
        }
        loops.stream().filter(type::isInstance).findFirst().ifPresent(loop -> {
            try {
                executor.execute(() -> pass(loop));
            } catch (RejectedExecutionException stopping) {
                // shutting down: the pass is not needed
            }
        });
    }

    /**
     * Asks a loop for an extra pass once {@code delay} has passed (at once when it has none left), unless one is
     * planned sooner already. A delay beyond the loop's interval plans nothing: its regular pass comes first.
     */
    public void wakeIn(Class<? extends BackgroundLoop> type, Duration delay) {
        ScheduledExecutorService executor = executors.get(type);
        if (executor == null) {
            return;
        }
        loops.stream().filter(type::isInstance).findFirst()
                .filter(loop -> delay.compareTo(loop.interval()) < 0)
                .ifPresent(loop -> plan(executor, loop, Math.max(0, delay.toNanos())));
    }

    private void plan(ScheduledExecutorService executor, BackgroundLoop loop, long nanos) {
        timers.compute(loop.getClass(), (type, planned) -> {
            // a planned pass not started yet that comes soon enough stays; one running or done is replaced
            long left = planned == null ? 0 : planned.getDelay(TimeUnit.NANOSECONDS);
            if (left > 0 && left <= nanos) {
                return planned;
            }
            if (left > 0) {
                planned.cancel(false);
            }
            try {
                return executor.schedule(() -> pass(loop), nanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException stopping) {
                return null;
            }
        });
    }

    private void pass(BackgroundLoop loop) {
        try {
            loop.runOnce();
            loop.untilNextPass().ifPresent(delay -> wakeIn(loop.getClass(), delay));
        } catch (RuntimeException e) {
            log.error("{} failed; trying again at its next pass", loop.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void stop() {
        executors.values().forEach(ScheduledExecutorService::shutdownNow);
        executors.clear();
        timers.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
