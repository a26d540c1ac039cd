package dev.runway.controlplane.runs;

import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.Observed;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.FieldChecks;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.Limits;
import dev.runway.controlplane.store.LogStore;
import dev.runway.controlplane.store.RunFilter;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.controlplane.store.TaskRunStore;
import dev.runway.model.CreateFlowRun;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.result.ResultStore;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** What people and CI do with flow runs: start, look at, cancel, retry. */
@Service
public class FlowRunService {

    /** The times both databases can store. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /** A started run, and whether this request created it (false: an earlier one with the same idempotency key). */
    public record Started(FlowRun run, boolean created) {
    }

    private final DeploymentService deployments;
    private final Parameters parameters;
    private final FlowRunStore runs;
    private final LogStore logs;
    private final TaskRunStore taskRuns;
    private final Transitions transitions;
    private final ResultStore results;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public FlowRunService(DeploymentService deployments, Parameters parameters, FlowRunStore runs, LogStore logs,
                          TaskRunStore taskRuns, Transitions transitions, ResultStore results, TransactionTemplate tx,
                          ApplicationEventPublisher events, Clock clock) {
        this.deployments = deployments;
        this.parameters = parameters;
        this.runs = runs;
        this.logs = logs;
        this.taskRuns = taskRuns;
        this.transitions = transitions;
        this.results = results;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    public Started start(String deploymentName, CreateFlowRun request, String createdBy) {
        return start(deploymentName, request, createdBy, run -> { });
    }

    /**
     * Starts a run as {@link #start(String, CreateFlowRun, String)} does, and has {@code alongside} write what goes
     * with the new run in the transaction that inserts it: both are stored, or neither is. Not called for a run an
     * earlier request made with the same idempotency key.
     */
    public Started start(String deploymentName, CreateFlowRun request, String createdBy, Consumer<FlowRun> alongside) {
        Deployment d = deployments.get(deploymentName);
        DeploymentSpec spec = d.spec();
        CreateFlowRun body = request == null ? new CreateFlowRun(null, null, null, null) : request;
        FieldChecks checks = new FieldChecks()
                .text("name", body.name(), Limits.RUN_NAME)
                .text("idempotencyKey", body.idempotencyKey(), Limits.IDEMPOTENCY_KEY);
        if (body.scheduledTime() != null
                && (body.scheduledTime().isBefore(EARLIEST) || body.scheduledTime().isAfter(LATEST))) {
            checks.add("scheduledTime", "must be from " + EARLIEST + " to " + LATEST);
        }
        checks.orThrow("invalid flow run");
        String fingerprint = body.idempotencyKey() == null ? null : RequestFingerprint.of(body);
        if (body.idempotencyKey() != null) {
            var earlier = runs.findByIdempotencyKey(d.id(), body.idempotencyKey());
            if (earlier.isPresent()) {
                return new Started(sameRequest(earlier.get(), fingerprint), false);
            }
        }
        var parameters = this.parameters.resolve(spec.parameterSchema(), spec.parameters(), body.parameters());
        Instant now = clock.instant();
        Instant due = body.scheduledTime() == null ? now : body.scheduledTime();
        String name = body.name() != null && !body.name().isBlank() ? body.name() : spec.name() + "-" + shortId();
        FlowRun run = FlowRun.scheduled(UUID.randomUUID(), name, d, parameters, due, body.idempotencyKey(), createdBy, now);
        try {
            tx.executeWithoutResult(status -> {
                runs.insert(run, fingerprint, UUID.randomUUID());
                alongside.accept(run);
            });
        } catch (DuplicateKeyException sameKeyRaced) {
            return new Started(sameRequest(runs.findByIdempotencyKey(d.id(), body.idempotencyKey()).orElseThrow(),
                    fingerprint), false);
        } catch (DataIntegrityViolationException deploymentDeletedMeanwhile) {
            // 404 when the deployment was deleted since it was read, as if it had been gone before
            deployments.get(deploymentName);
            throw deploymentDeletedMeanwhile;
        }
        events.publishEvent(new FlowRunStateChanged(run, null));
        return new Started(run, true);
    }

    /** The earlier run of an idempotency key, if this request is the one that created it; 409 otherwise. */
    private static FlowRun sameRequest(FlowRunStore.KeyedRun earlier, String fingerprint) {
        // runs created before fingerprints were kept match any request, as they did then
        if (earlier.requestFingerprint() != null && !earlier.requestFingerprint().equals(fingerprint)) {
            throw new ConflictException("idempotency key '" + earlier.run().idempotencyKey() + "' was used for flow run "
                    + earlier.run().id() + " with other parameters, name or scheduled time; use a new key for a new run");
        }
        return earlier.run();
    }

    public FlowRun get(UUID id) {
        return stored(id).run();
    }

    public Page<FlowRun> list(RunFilter filter) {
        return runs.list(filter);
    }

    public Page<State> history(UUID id, int offset, int limit) {
        stored(id);
        return runs.history(id, offset, limit);
    }

    /** The stored result JSON of a COMPLETED run, opened; the caller closes it. */
    public InputStream result(UUID id) {
        FlowRun run = get(id);
        if (run.resultRef() == null) {
            throw new NotFoundException("flow run " + id + " has no result: it is " + run.state().type()
                    + (run.state().type().isTerminal() ? "" : " (a result is there once it is COMPLETED)"));
        }
        return results.read(run.resultRef()).orElseThrow(() ->
                new NotFoundException("the result of flow run " + id + " is gone from " + run.resultRef()));
    }

    public Page<LogEntry> logs(UUID id, int offset, int limit) {
        stored(id);
        return logs.list(id, offset, limit);
    }

    public Page<TaskRunReport> taskRuns(UUID id, int offset, int limit) {
        stored(id);
        return taskRuns.list(id, offset, limit);
    }

    public OrchestrationResult cancel(UUID id) {
        FlowRun run = get(id);
        if (run.state().isTerminal()) {
            throw new ConflictException("flow run " + id + " already ended " + run.state().type());
        }
        return transitions.propose(id, Proposal.byUser(State.of(StateType.CANCELLING,
                "cancelled by a user", clock.instant())), null);
    }

    /** Schedules a finished run again, unless its deployment was deleted since (or is being deleted now). */
    public OrchestrationResult retry(UUID id) {
        StoredRun stored = stored(id);
        FlowRun run = stored.run();
        if (!run.state().isTerminal()) {
            throw new ConflictException("flow run " + id + " is " + run.state().type() + ": only a finished run can be retried");
        }
        if (run.deploymentId() == null) {
            throw new ConflictException("flow run " + id + " cannot be retried: its deployment '" + run.deploymentName()
                    + "' was deleted; deploy it again and start a new run");
        }
        return transitions.propose(id, Proposal.retryByUser(State.of(StateType.SCHEDULED,
                "retry requested by a user", clock.instant()), new Observed(stored.version(), stored.lastHeartbeat())),
                null);
    }

    private StoredRun stored(UUID id) {
        return runs.find(id).orElseThrow(() -> new NotFoundException("no flow run with id " + id));
    }

    private static String shortId() {
        byte[] bytes = new byte[3];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
