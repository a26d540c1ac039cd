package dev.runway.controlplane.loops;

import dev.runway.controlplane.config.RunwayProperties;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs every {@link BackgroundLoop} on its own thread at its interval, logs a failed pass and goes
 * on. {@link #wake} runs a loop at once instead of waiting for its next pass.
 */
@Component
public class BackgroundLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoops.class);

    private final List<BackgroundLoop> loops;
    private final boolean enabled;
    private final Map<Class<?>, ScheduledExecutorService> executors = new ConcurrentHashMap<>();
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
                executor.scheduleWithFixedDelay(() -> runLogged(loop), millis, millis, TimeUnit.MILLISECONDS);
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
                executor.execute(() -> runLogged(loop));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // shutting down: the pass is not needed
            }
        });
    }

    private static void runLogged(BackgroundLoop loop) {
        try {
            loop.runOnce();
        } catch (RuntimeException e) {
            log.error("{} failed; trying again at its next pass", loop.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void stop() {
        executors.values().forEach(ScheduledExecutorService::shutdownNow);
        executors.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
