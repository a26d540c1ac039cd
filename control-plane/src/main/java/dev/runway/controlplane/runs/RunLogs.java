package dev.runway.controlplane.runs;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.Limits;
import dev.runway.controlplane.store.LogStore;
import dev.runway.model.LogEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the log lines runners send, at most {@code runway.logs.max-lines-per-run} per run: the lines past
 * the cap are left out, and one notice line in their place says so, where the user reads the logs.
 */
@Component
public class RunLogs {

    static final String LOGGER = "runway";

    private final LogStore logs;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxLinesPerRun;

    public RunLogs(LogStore logs, TransactionTemplate tx, Clock clock, RunwayProperties properties) {
        this.logs = logs;
        this.tx = tx;
        this.clock = clock;
        this.maxLinesPerRun = properties.logs().maxLinesPerRun();
    }

    public void append(UUID runId, List<LogEntry> entries) {
        tx.executeWithoutResult(status -> {
            int stored = logs.lockLineCount(runId).orElseThrow(() -> new NotFoundException("no flow run with id " + runId));
            int room = Math.max(maxLinesPerRun - stored, 0);
            List<LogEntry> kept = new ArrayList<>();
            entries.stream().limit(room).map(RunLogs::storable).forEach(kept::add);
            // a count past the cap means the notice is stored already
            if (entries.size() > room && stored <= maxLinesPerRun) {
                kept.add(new LogEntry(clock.instant(), "WARN", LOGGER, "this run reached its limit of "
                        + maxLinesPerRun + " log lines (runway.logs.max-lines-per-run); further lines are left out", null));
            }
            if (!kept.isEmpty()) {
                logs.append(runId, kept, stored + kept.size());
            }
        });
    }

    /**
     * Fits the columns: level and logger are cut to size, a message as a runner cuts it (one that does not), and
     * NUL (which PostgreSQL cannot store) is replaced.
     */
    private static LogEntry storable(LogEntry e) {
        return new LogEntry(e.timestamp(), StorableText.cut(e.level(), Limits.LOG_LEVEL),
                StorableText.cut(e.logger(), Limits.LOGGER), StorableText.message(e.message()), e.taskRunId());
    }
}
