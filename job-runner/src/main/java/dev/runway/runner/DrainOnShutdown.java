package dev.runway.runner;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM does to a warm runner: a JVM shutdown hook that {@linkplain WarmWorker#drain drains} the worker and
 * holds the JVM until the worker has finished and closed what it opened, so the last run's final state is reported
 * before the JVM ends. It then ends the JVM with the worker's own exit code rather than the 143 of a JVM ended by a
 * signal: a worker that drained cleanly exits 0.
 */
final class DrainOnShutdown {

    /** How long closing the inbox and the flows' context may take once the worker has ended. */
    private static final Duration CLOSE_TIME = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(DrainOnShutdown.class);

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitCode;

    private DrainOnShutdown(WarmWorker worker) {
        hook = Thread.ofPlatform().name("runway-drain").unstarted(() -> drain(worker));
    }

    static DrainOnShutdown install(WarmWorker worker) {
        DrainOnShutdown drain = new DrainOnShutdown(worker);
        Runtime.getRuntime().addShutdownHook(drain.hook);
        return drain;
    }

    private void drain(WarmWorker worker) {
        try {
            if (worker.drain() && finished.await(CLOSE_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().halt(exitCode);
            }
            log.warn("The warm worker did not finish in time; the JVM ends regardless");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker finished with {@code code} and closed what it opened. Outside a shutdown, the hook is removed. */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook ends the JVM with the code
        }
    }
}
