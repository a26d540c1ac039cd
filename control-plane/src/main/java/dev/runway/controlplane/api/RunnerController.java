package dev.runway.controlplane.api;

import dev.runway.controlplane.auth.RunGrant;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.FieldChecks;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.runs.RunnerReports;
import dev.runway.controlplane.runs.StorableText;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.Limits;
import dev.runway.model.FlowRun;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.State;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a runner calls while it executes a run, with the run token the launcher gave it. A token acts
 * for its own attempt, the admin key for the current one; heartbeats, logs and task runs count only
 * while that attempt is the run's current one and still under way.
 */
@RestController
@RequestMapping("/api/runner/flow-runs/{id}")
class RunnerController {

    private static final int MAX_BATCH = 1000;
    /** The states in which a run's current attempt has a runner that may still report. */

    private final FlowRunService runs;
    private final FlowRunStore store;
    private final Transitions transitions;
    private final RunnerReports reports;
    private final ResultStore results;
    private final Clock clock;

    RunnerController(FlowRunService runs, FlowRunStore store, Transitions transitions, RunnerReports reports,
                     ResultStore results, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.transitions = transitions;
        this.reports = reports;
        this.results = results;
        this.clock = clock;
    }

    @GetMapping
    FlowRun get(@PathVariable UUID id) {
        return runs.get(id);
    }

    @PostMapping("/claim")
    OrchestrationResult claim(@PathVariable UUID id, @RequestBody StateProposal proposal,
                              @AuthenticationPrincipal RunGrant grant) {
        if (proposal.type() != StateType.RUNNING) {
            throw InvalidInputException.of("type", "must be RUNNING to claim a run");
        }
        FlowRun run = runs.get(id);
        return propose(run, proposal, attempt(grant, run));
    }

    @PostMapping("/state")
    OrchestrationResult state(@PathVariable UUID id, @RequestBody StateProposal proposal,
                              @AuthenticationPrincipal RunGrant grant) {
        if (proposal.type() == null) {
            throw InvalidInputException.of("type", "is required");
        }
        FlowRun run = runs.get(id);
        int attempt = attempt(grant, run);
        // Only the result this attempt stored: not another run's, not a stale attempt's, not a task result or cache
        // entry, not any file at all. A run not yet claimed (attempt 0, for the admin key) has none.
        if (proposal.type() == StateType.COMPLETED
                && (attempt < 1 || !results.isRefOf(proposal.resultRef(), new FlowRunResult(id, attempt)))) {
            throw InvalidInputException.of("resultRef", "must point to the result stored for flow run " + id
                    + ", attempt " + attempt);
        }
        return propose(run, proposal, attempt);
    }

    @PostMapping("/heartbeat")
    HeartbeatResponse heartbeat(@PathVariable UUID id, @AuthenticationPrincipal RunGrant grant) {
        FlowRun run = runs.get(id);
        int attempt = attempt(grant, run);
        // a runner whose attempt is over (ended, retried, declared crashed) is recorded as nothing and told to stop
        boolean live = isUnderWay(run, attempt) && store.heartbeat(id, attempt, clock.instant());
        StateType state = run.state().type();
        return new HeartbeatResponse(state, !live || state == StateType.CANCELLING);
    }

    @PostMapping("/task-runs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void taskRuns(@PathVariable UUID id, @RequestBody List<TaskRunReport> taskRuns, @AuthenticationPrincipal RunGrant grant) {
        FlowRun run = runs.get(id);
        checkBatch(taskRuns.size());
        FieldChecks checks = new FieldChecks();
        List<TaskRunReport> storable = new ArrayList<>();
        for (int i = 0; i < taskRuns.size(); i++) {
            TaskRunReport r = taskRuns.get(i);
            if (r.id() == null || r.taskKey() == null || r.type() == null || r.timestamp() == null) {
                checks.add("[" + i + "]", "needs id, taskKey, type and timestamp");
            }
            checks.text("[" + i + "].taskKey", r.taskKey(), Limits.TASK_KEY)
                    .text("[" + i + "].name", r.name(), Limits.STATE_NAME);
            storable.add(new TaskRunReport(r.id(), r.taskKey(), r.mapIndex(), r.type(), r.name(),
                    StorableText.message(r.message()), r.attempts(), r.timestamp()));
        }
        checks.orThrow("invalid task-run reports");
        reports.applyTaskRuns(run, attempt(grant, run), storable);
    }

    @PostMapping("/logs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logs(@PathVariable UUID id, @RequestBody List<LogEntry> entries, @AuthenticationPrincipal RunGrant grant) {
        FlowRun run = runs.get(id);
        checkBatch(entries.size());
        List<LogEntry> complete = entries.stream()
                .map(e -> new LogEntry(e.timestamp() == null ? clock.instant() : e.timestamp(),
                        e.level() == null ? "INFO" : e.level(), e.logger(), e.message() == null ? "" : e.message(),
                        e.taskRunId()))
                .toList();
        reports.appendLogs(run, attempt(grant, run), complete);
    }

    private OrchestrationResult propose(FlowRun run, StateProposal p, int attempt) {
        new FieldChecks().text("name", p.name(), Limits.STATE_NAME).text("claimant", p.claimant(), Limits.CLAIMANT)
                .orThrow("invalid state proposal");
        State state = new State(p.type(), p.name(), StorableText.message(p.message()), clock.instant(), null,
                p.resultRef());
        return transitions.propose(run.id(), Proposal.byRunner(state, attempt, p.claimant()), p.transitionId());
    }

    /** A runner acts for the attempt in its token; the admin key (no grant) acts for the current one. */
    private static int attempt(RunGrant grant, FlowRun run) {
        return grant != null ? grant.attempt() : run.runCount();
    }

    private static boolean isUnderWay(FlowRun run, int attempt) {
        return attempt == run.runCount() && run.state().type().isUnderWay();
    }

    private static void checkBatch(int size) {
        if (size > MAX_BATCH) {
            throw InvalidInputException.of("body", "holds " + size + " entries; send at most " + MAX_BATCH + " per call");
        }
    }
}
