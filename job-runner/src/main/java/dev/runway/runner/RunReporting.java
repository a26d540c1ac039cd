package dev.runway.runner;

import dev.runway.flow.internal.CurrentRun;
import dev.runway.model.LogEntry;
import dev.runway.model.TaskRunReport;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flow run tells the control plane while it executes, besides its state: its log lines and the
 * states of its task runs, each sent in batches. Closing delivers everything still queued.
 */
final class RunReporting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunReporting.class);
    private static final int BATCH_SIZE = 200;
    private static final int CAPACITY = 20_000;

    private final ScheduledExecutorService scheduler;
    private final BatchSender<TaskRunReport> taskRuns;
    private final BatchSender<LogEntry> logs;
    private final RunLogShipper logShipper;
    private final CurrentRun.Installation observer;

    private RunReporting(ControlPlaneClient client, Clock clock, Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("runway-reporting").daemon().factory());
        taskRuns = new BatchSender<>("task-run reports", client::reportTaskRuns, BATCH_SIZE, CAPACITY, interval, scheduler);
        logs = new BatchSender<>("log lines", client::shipLogs, BATCH_SIZE, CAPACITY, interval, scheduler);
        logShipper = new RunLogShipper(logs);
        if (!logShipper.attach()) {
            log.warn("SLF4J is not bound to Logback: this run's logs stay in the runner's output");
        }
        observer = CurrentRun.install(new TaskRunReporter(taskRuns, clock));
    }

    static RunReporting start(ControlPlaneClient client, Clock clock, Duration interval) {
        return new RunReporting(client, clock, interval);
    }

    /** Delivers what is queued and stops; a failure is logged, it must not keep the final state from being reported. */
    @Override
    public void close() {
        observer.close();
        logShipper.detach();
        taskRuns.close();
        logs.close();
        deliver(taskRuns, "task-run reports");
        deliver(logs, "log lines");
        scheduler.shutdownNow();
    }

    private static void deliver(BatchSender<?> sender, String what) {
        try {
            sender.flush();
        } catch (RuntimeException e) {
            log.warn("could not deliver the last {}: {}", what, e.getMessage());
        }
    }
}
