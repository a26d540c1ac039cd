package dev.runway.controlplane.api;

import dev.runway.controlplane.auth.AuthFilter;
import dev.runway.controlplane.auth.RunGrant;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.LogStore;
import dev.runway.controlplane.store.TaskRunStore;
import dev.runway.model.FlowRun;
import dev.runway.model.HeartbeatResponse;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.State;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.result.ResultStore;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** What a runner calls while it executes a run, with the run token the launcher gave it. */
@RestController
@RequestMapping("/api/runner/flow-runs/{id}")
class RunnerController {

    private static final int MAX_BATCH = 1000;

    private final FlowRunService runs;
    private final FlowRunStore store;
    private final Transitions transitions;
    private final LogStore logs;
    private final TaskRunStore taskRuns;
    private final ResultStore results;
    private final Clock clock;

    RunnerController(FlowRunService runs, FlowRunStore store, Transitions transitions, LogStore logs,
                     TaskRunStore taskRuns, ResultStore results, Clock clock) {
        this.runs = runs;
        this.store = store;
        this.transitions = transitions;
        this.logs = logs;
        this.taskRuns = taskRuns;
        this.results = results;
        this.clock = clock;
    }

    @GetMapping
    FlowRun get(@PathVariable UUID id) {
        return runs.get(id);
    }

    @PostMapping("/claim")
    OrchestrationResult claim(@PathVariable UUID id, @RequestBody StateProposal proposal, HttpServletRequest request) {
        if (proposal.type() != StateType.RUNNING) {
            throw InvalidInputException.of("type", "must be RUNNING to claim a run");
        }
        return propose(id, proposal, request);
    }

    @PostMapping("/state")
    OrchestrationResult state(@PathVariable UUID id, @RequestBody StateProposal proposal, HttpServletRequest request) {
        if (proposal.type() == null) {
            throw InvalidInputException.of("type", "is required");
        }
        if (proposal.type() == StateType.COMPLETED) {
            // Only the result this attempt stored: not another run's, not a stale attempt's, not any file at all.
            int attempt = attempt(request, runs.get(id));
            if (!results.isResultOf(proposal.resultRef(), id, attempt)) {
                throw InvalidInputException.of("resultRef", "must point to the result stored for flow run " + id
                        + ", attempt " + attempt);
            }
        }
        return propose(id, proposal, request);
    }

    @PostMapping("/heartbeat")
    HeartbeatResponse heartbeat(@PathVariable UUID id, HttpServletRequest request) {
        FlowRun run = runs.get(id);
        int attempt = attempt(request, run);
        boolean current = store.heartbeat(id, attempt, clock.instant());
        StateType state = run.state().type();
        // a runner whose attempt is over (retried elsewhere, declared crashed, cancelled) must stop working on it
        boolean stop = !current || state == StateType.CANCELLING || state.isTerminal();
        return new HeartbeatResponse(state, stop);
    }

    @PostMapping("/task-runs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void taskRuns(@PathVariable UUID id, @RequestBody List<TaskRunReport> reports) {
        runs.get(id);
        checkBatch(reports.size());
        for (int i = 0; i < reports.size(); i++) {
            TaskRunReport r = reports.get(i);
            if (r.id() == null || r.taskKey() == null || r.type() == null || r.timestamp() == null) {
                throw InvalidInputException.of("[" + i + "]", "needs id, taskKey, type and timestamp");
            }
        }
        taskRuns.apply(id, reports);
    }

    @PostMapping("/logs")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logs(@PathVariable UUID id, @RequestBody List<LogEntry> entries) {
        runs.get(id);
        checkBatch(entries.size());
        List<LogEntry> complete = entries.stream()
                .map(e -> new LogEntry(e.timestamp() == null ? clock.instant() : e.timestamp(),
                        e.level() == null ? "INFO" : e.level(), e.logger(), e.message() == null ? "" : e.message(),
                        e.taskRunId()))
                .toList();
        logs.append(id, complete);
    }

    private OrchestrationResult propose(UUID id, StateProposal p, HttpServletRequest request) {
        FlowRun run = runs.get(id);
        State state = new State(p.type(), p.name(), p.message(), clock.instant(), null, p.resultRef());
        return transitions.propose(id, Proposal.byRunner(state, attempt(request, run), p.claimant()), p.transitionId());
    }

    /** A runner acts for the attempt in its token; the admin key acts for the current one. */
    private static int attempt(HttpServletRequest request, FlowRun run) {
        return request.getAttribute(AuthFilter.GRANT) instanceof RunGrant grant ? grant.attempt() : run.runCount();
    }

    private static void checkBatch(int size) {
        if (size > MAX_BATCH) {
            throw InvalidInputException.of("body", "holds " + size + " entries; send at most " + MAX_BATCH + " per call");
        }
    }
}
