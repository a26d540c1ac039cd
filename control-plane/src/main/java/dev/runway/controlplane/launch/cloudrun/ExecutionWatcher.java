package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Execution;
import com.google.cloud.run.v2.ExecutionsClient;
import com.google.cloud.run.v2.ListExecutionsRequest;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends runs whose Cloud Run execution ended without the runner reporting a final state: failed or timed out →
 * CRASHED, cancelled → CANCELLED, each with Cloud Run's reason. What it watches is read from the database on every
 * pass (runs under way launched as {@code cloud-run:…}), so a restarted control plane watches every execution still
 * in flight. Executions are read a job at a time, newest first, so a pass costs about one call per job, not one per run.
 */
final class ExecutionWatcher implements BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(ExecutionWatcher.class);
    private static final int BATCH = 500;
    private static final int PAGE = 100;

    private final CloudRunClients clients;
    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;
    private final Duration interval;

    ExecutionWatcher(CloudRunClients clients, FlowRunStore runs, Transitions transitions, Clock clock,
                     CloudRunProperties properties) {
        this.clients = clients;
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
        this.interval = properties.watchInterval();
    }

    @Override
    public void runOnce() {
        for (int offset = 0; ; offset += BATCH) {
            List<StoredRun> batch = runs.findLaunchedUnderWay(CloudRunLauncher.PREFIX, offset, BATCH);
            Map<String, Map<String, StoredRun>> byJob = new LinkedHashMap<>();
            for (StoredRun run : batch) {
                String execution = run.run().infrastructureId().substring(CloudRunLauncher.PREFIX.length());
                byJob.computeIfAbsent(jobOf(execution), job -> new HashMap<>()).put(execution, run);
            }
            byJob.forEach(this::watch);
            if (batch.size() < BATCH) {
                return;
            }
        }
    }

    private void watch(String job, Map<String, StoredRun> byExecution) {
        Map<String, StoredRun> unseen = new HashMap<>(byExecution);
        try {
            ExecutionsClient.ListExecutionsPage page = clients.executions.listExecutions(ListExecutionsRequest
                    .newBuilder().setParent(job).setPageSize(PAGE).build()).getPage();
            int pages = byExecution.size() / PAGE + 2;
            while (page != null && pages-- > 0 && !unseen.isEmpty()) {
                for (Execution execution : page.getValues()) {
                    StoredRun seen = unseen.remove(execution.getName());
                    if (seen != null) {
                        judge(seen, execution);
                    }
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
            }
            // older than the pages read, or listed late: asked one by one
            unseen.values().forEach(this::watchOne);
        } catch (ApiException e) {
            log.debug("cannot list the executions of {} now: {}", job, e.getMessage());
        }
    }

    private void watchOne(StoredRun seen) {
        String execution = seen.run().infrastructureId().substring(CloudRunLauncher.PREFIX.length());
        try {
            judge(seen, clients.executions.getExecution(execution));
        } catch (NotFoundException gone) {
            end(seen, StateType.CRASHED, "the Cloud Run execution " + execution + " no longer exists");
        } catch (ApiException e) {
            log.debug("cannot read execution {} now: {}", execution, e.getMessage());
        }
    }

    private void judge(StoredRun seen, Execution execution) {
        if (!execution.hasCompletionTime()) {
            return;
        }
        String name = execution.getName();
        String reason = reason(execution);
        if (execution.getCancelledCount() > 0 || cancelled(execution)) {
            end(seen, StateType.CANCELLED, "the Cloud Run execution " + name + " was cancelled" + reason);
        } else if (execution.getFailedCount() > 0) {
            end(seen, StateType.CRASHED, "the Cloud Run execution " + name + " failed" + reason);
        } else {
            end(seen, StateType.CRASHED, "the Cloud Run execution " + name
                    + " ended without the runner reporting a final state" + reason);
        }
    }

    /** The run as it is now, if the execution is still its current attempt's and it did not end meanwhile. */
    private void end(StoredRun seen, StateType type, String message) {
        runs.find(seen.run().id())
                .filter(now -> now.run().runCount() == seen.run().runCount() && now.run().state().type().isUnderWay()
                        && seen.run().infrastructureId().equals(now.run().infrastructureId()))
                .ifPresent(now -> {
                    log.info("flow run {}: {}", now.run().id(), message);
                    transitions.proposeVerdict(now, State.of(type, message, clock.instant()));
                });
    }

    private static boolean cancelled(Execution execution) {
        return execution.getConditionsList().stream()
                .anyMatch(condition -> condition.getExecutionReason() == Condition.ExecutionReason.CANCELLED);
    }

    /** Cloud Run's words for how it ended: the {@code Completed} condition's message, else any condition's. */
    private static String reason(Execution execution) {
        return execution.getConditionsList().stream()
                .filter(condition -> !condition.getMessage().isBlank())
                .sorted((a, b) -> Boolean.compare(!"Completed".equals(a.getType()), !"Completed".equals(b.getType())))
                .map(condition -> ": " + condition.getMessage())
                .findFirst().orElse("");
    }

    private static String jobOf(String execution) {
        int executions = execution.indexOf("/executions/");
        return executions < 0 ? execution : execution.substring(0, executions);
    }

    @Override
    public Duration interval() {
        return interval;
    }
}
