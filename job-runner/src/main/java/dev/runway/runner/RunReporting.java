package dev.runway.runner;

import dev.runway.flow.internal.CurrentRun;
import dev.runway.model.LogEntry;
import dev.runway.model.TaskRunReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a flow run tells the control plane while it executes, besides its state: its log lines and the
 * states of its task runs, each sent in batches. Closing delivers everything still queued, then, when anything
 * was left out, one last line in the run's logs saying how much and why.
 */
final class RunReporting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunReporting.class);
    /** Field names, ids, timestamps and numbers of one log line or task-run report, with room to spare. */
    private static final int FIXED_FIELDS_BYTES = 256;

    private final ControlPlaneClient client;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final BatchSender<TaskRunReport> taskRuns;
    private final BatchSender<LogEntry> logs;
    private final RunLogShipper logShipper;
    private final CurrentRun.Installation observer;

    private RunReporting(ControlPlaneClient client, Clock clock, Delivery delivery, long maxLogLines, ThreadGroup runThreads) {
        this.client = client;
        this.clock = clock;
        scheduler = Executors.newSingleThreadScheduledExecutor(RuntimeThreads.named("runway-reporting"));
        taskRuns = new BatchSender<>("task-run reports", client::reportTaskRuns, RunReporting::jsonSize, delivery, scheduler);
        logs = new BatchSender<>("log lines", client::shipLogs, RunReporting::jsonSize, delivery, scheduler);
        logShipper = new RunLogShipper(logs, maxLogLines, runThreads);
        if (!logShipper.attach()) {
            log.warn("SLF4J is not bound to Logback: this run's logs stay in the runner's output");
        }
        observer = CurrentRun.install(new TaskRunReporter(taskRuns, clock, runThreads));
    }

    /** At most this many bytes as JSON: three per character (UTF-8, escapes) plus the fixed fields. */
    static long jsonSize(LogEntry entry) {
        return 3L * (length(entry.message()) + length(entry.logger()) + length(entry.level())) + FIXED_FIELDS_BYTES;
    }

    static long jsonSize(TaskRunReport report) {
        return 3L * (length(report.taskKey()) + length(report.name()) + length(report.message())) + FIXED_FIELDS_BYTES;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    /** @param runThreads the run's threads ({@link RunThreads}): what threads of another run write is not this run's */
    static RunReporting start(ControlPlaneClient client, Clock clock, Delivery delivery, long maxLogLines,
                              ThreadGroup runThreads) {
        return new RunReporting(client, clock, delivery, maxLogLines, runThreads);
    }

    /** Delivers what is queued and stops; a failure is logged, it must not keep the final state from being reported. */
    @Override
    public void close() {
        observer.close();
        logShipper.detach();
        taskRuns.close();
        logs.close();
        taskRuns.deliverRest();
        logs.deliverRest();
        scheduler.shutdownNow();
        String notice = notice();
        if (notice.isEmpty()) {
            return;
        }
        log.warn(notice);
        try {
            client.shipLogs(List.of(new LogEntry(clock.instant(), "WARN", RunReporting.class.getName(), notice, null)));
        } catch (RuntimeException e) {
            log.warn("could not add to the run's logs that lines are missing: {}", e.getMessage());
        }
    }

    /** What the run's logs lack, and why; empty when nothing is missing. */
    private String notice() {
        List<String> missing = new ArrayList<>();
        if (logShipper.overLimit() > 0) {
            missing.add(logShipper.overLimit() + " log lines were left out: this run reached its limit of "
                    + logShipper.maxLines() + " lines (RUNWAY_LOG_MAX_LINES)");
        }
        if (logs.undelivered() > 0) {
            missing.add(logs.undelivered() + " log lines could not be delivered: " + logs.problem());
        }
        if (taskRuns.undelivered() > 0) {
            missing.add(taskRuns.undelivered() + " task-run reports could not be delivered: " + taskRuns.problem());
        }
        return missing.isEmpty() ? "" : "Runway: " + String.join("; ", missing);
    }
}
