package dev.runway.controlplane.runs;

import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.TaskRunStore;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.TaskRunReport;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a runner reports while its attempt goes on: log lines and task-run states. They are stored only while that
 * attempt is the run's current one and under way, checked with the run's row locked, so a report racing the run's
 * end or its next attempt is refused rather than mixed into it.
 */
@Service
public class RunnerReports {

    private final FlowRunStore runs;
    private final RunLogs logs;
    private final TaskRunStore taskRuns;
    private final TransactionTemplate tx;

    public RunnerReports(FlowRunStore runs, RunLogs logs, TaskRunStore taskRuns, TransactionTemplate tx) {
        this.runs = runs;
        this.logs = logs;
        this.taskRuns = taskRuns;
        this.tx = tx;
    }

    public void appendLogs(FlowRun run, int attempt, List<LogEntry> entries) {
        whileUnderWay(run, attempt, () -> logs.append(run.id(), entries));
    }

    public void applyTaskRuns(FlowRun run, int attempt, List<TaskRunReport> reports) {
        whileUnderWay(run, attempt, () -> taskRuns.apply(run.id(), reports));
    }

    private void whileUnderWay(FlowRun run, int attempt, Runnable write) {
        tx.executeWithoutResult(status -> {
            if (!runs.lockIfUnderWay(run.id(), attempt)) {
                throw new ConflictException(overMessage(runs.find(run.id()).map(stored -> stored.run()).orElse(run),
                        attempt));
            }
            write.run();
        });
    }

    private static String overMessage(FlowRun run, int attempt) {
        return attempt != run.runCount()
                ? "attempt " + attempt + " of flow run " + run.id() + " is over: the run is on attempt " + run.runCount()
                : "flow run " + run.id() + " is " + run.state().type() + ": attempt " + attempt + " is not under way";
    }
}
