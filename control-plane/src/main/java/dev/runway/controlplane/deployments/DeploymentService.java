package dev.runway.controlplane.deployments;

import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.FieldChecks;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.pools.ProcessTemplate;
import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.schedules.DeploymentSchedules;
import dev.runway.controlplane.schedules.ScheduleChecks;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.Limits;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.Page;
import dev.runway.model.StateType;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import dev.runway.model.schedule.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/** Validates deployment specs and keeps them, one per name, with their schedules ({@link DeploymentSchedules}). */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    /** What an upsert did, and what it could not check (e.g. no runner jar to look the flow up in). */
    public record Upserted(UpsertOutcome outcome, List<String> warnings) {
    }

    private final DeploymentStore store;
    private final FlowRunStore runs;
    private final Parameters parameters;
    private final ParameterSchemaCheck schemaCheck;
    private final RunnerFlows runnerFlows;
    private final WorkPoolService workPools;
    private final DeploymentSchedules schedules;
    private final ScheduleChecks scheduleChecks;
    private final TransactionTemplate tx;

    public DeploymentService(DeploymentStore store, FlowRunStore runs, Parameters parameters,
                             ParameterSchemaCheck schemaCheck, RunnerFlows runnerFlows, WorkPoolService workPools,
                             DeploymentSchedules schedules, ScheduleChecks scheduleChecks, TransactionTemplate tx) {
        this.store = store;
        this.runs = runs;
        this.parameters = parameters;
        this.schemaCheck = schemaCheck;
        this.runnerFlows = runnerFlows;
        this.workPools = workPools;
        this.schedules = schedules;
        this.scheduleChecks = scheduleChecks;
        this.tx = tx;
    }

    /**
     * Nothing is stored unless the whole spec is fine. The deployment is written first, then its schedules in one
     * transaction; a schedule that leaves {@code active} out keeps the pause or resume it has.
     */
    public Upserted upsert(String name, DeploymentSpec spec) {
        FieldChecks checks = new FieldChecks();
        List<String> warnings = new ArrayList<>();
        check(name, spec, checks, warnings);
        checks.orThrow(NAME.matcher(name).matches() ? "invalid deployment " + name : "invalid deployment");
        List<ScheduleSpec> current = store.findByName(name).map(d -> schedules.current(d.id())).orElse(List.of());
        DeploymentSpec wanted = spec.withSchedulesActiveAs(current).withDefaults(name);
        UpsertOutcome stored = store.upsert(wanted.withSchedules(List.of()));
        Deployment deployment = stored.deployment();
        boolean schedulesChanged = Boolean.TRUE.equals(tx.execute(status -> schedules.replace(deployment.id(),
                wanted.schedules(), stored.change() == UpsertOutcome.Change.UPDATED)));
        if (schedulesChanged && stored.change() == UpsertOutcome.Change.UNCHANGED) {
            return new Upserted(new UpsertOutcome(new Deployment(deployment.id(), wanted, deployment.createdAt(),
                    store.touch(deployment.id())), UpsertOutcome.Change.UPDATED), warnings);
        }
        return new Upserted(new UpsertOutcome(new Deployment(deployment.id(), wanted, deployment.createdAt(),
                deployment.updatedAt()), stored.change()), warnings);
    }

    public Deployment get(String name) {
        Deployment deployment = store.findByName(name)
                .orElseThrow(() -> new NotFoundException("no deployment named '" + name + "'"));
        return withSchedules(deployment, schedules.current(deployment.id()));
    }

    public Page<Deployment> list(int offset, int limit) {
        Page<Deployment> page = store.list(offset, limit);
        Map<UUID, List<ScheduleSpec>> declared = schedules.current(page.items().stream().map(Deployment::id)
                .toList());
        return new Page<>(page.items().stream()
                .map(d -> withSchedules(d, declared.getOrDefault(d.id(), List.of()))).toList(),
                page.offset(), page.limit(), page.total());
    }

    private static Deployment withSchedules(Deployment deployment, List<ScheduleSpec> declared) {
        return new Deployment(deployment.id(), deployment.spec().withSchedules(declared), deployment.createdAt(),
                deployment.updatedAt());
    }

    /**
     * Deletes the deployment unless a run of it has not finished: such a run still needs it (its work pool and job
     * variables are read at every launch, a retry schedules it again), so the caller cancels it or lets it end first.
     * Its schedules go with it, and the runs they made that have not started (no one asked for those).
     * Its finished runs stay, with their states, logs and results, under its name until retention deletes them,
     * and can no longer be retried. A deployment of that name deployed again later starts with no runs of its own.
     *
     * @return how many finished runs were kept
     */
    public int delete(String name) {
        try {
            int kept = tx.execute(status -> {
                // the schedules' rows first, as the scheduler locks them before its runs name the deployment
                store.findByName(name).ifPresent(found -> schedules.deleteAll(found.id()));
                Deployment deployment = store.lock(name)
                        .orElseThrow(() -> new NotFoundException("no deployment named '" + name + "'"));
                Map<StateType, Long> unfinished = runs.countUnfinished(deployment.id());
                if (!unfinished.isEmpty()) {
                    long total = unfinished.values().stream().mapToLong(Long::longValue).sum();
                    throw new ConflictException("deployment '" + name + "' has " + total + (total == 1 ? " run" : " runs")
                            + " that did not finish (" + unfinished.entrySet().stream()
                                    .map(each -> each.getValue() + " " + each.getKey()).collect(Collectors.joining(", "))
                            + "): cancel them or let them finish, then delete it");
                }
                int detached = runs.detachFinished(deployment.id());
                store.delete(deployment.id());
                return detached;
            });
            log.info("deleted deployment {}; its {} finished runs are kept", name, kept);
            return kept;
        } catch (DataIntegrityViolationException runStartedMeanwhile) {
            throw new ConflictException("a run of deployment '" + name + "' started or was retried while it was being"
                    + " deleted: cancel it or let it finish, then delete it");
        }
    }

    /** Every fault at once; a value is looked into (or echoed in a message) only once its size is known to be fine. */
    private void check(String name, DeploymentSpec spec, FieldChecks checks, List<String> warnings) {
        if (!NAME.matcher(name).matches()) {
            checks.add("name", "must be 1-100 lowercase letters, digits, '.', '_' or '-', starting with a letter or digit");
        } else if (spec.name() != null && !spec.name().equals(name)) {
            checks.add("name", "differs from the name in the URL, '" + name + "'");
        }
        boolean flowNamed = spec.flowName() != null && !spec.flowName().isBlank()
                && spec.flowName().length() <= Limits.FLOW_NAME;
        if (spec.flowName() == null || spec.flowName().isBlank()) {
            checks.add("flowName", "is required");
        }
        checks.text("flowName", spec.flowName(), Limits.FLOW_NAME)
                .text("description", spec.description(), Limits.DESCRIPTION)
                .text("version", spec.version(), Limits.VERSION)
                .text("workPool", spec.workPool(), Limits.WORK_POOL)
                .range("retries", spec.retries(), 0, Limits.RETRIES)
                .range("retryDelaySeconds", spec.retryDelaySeconds(), 0, Limits.RETRY_DELAY_SECONDS);
        checkTags(spec.tags(), checks);
        String workPool = spec.workPool() == null ? DeploymentSpec.DEFAULT_WORK_POOL : spec.workPool();
        boolean poolNamed = workPool.length() <= Limits.WORK_POOL && workPool.indexOf('\0') < 0;
        Optional<WorkPool> pool = poolNamed ? workPools.find(workPool) : Optional.empty();
        if (pool.isEmpty() && poolNamed) {
            checks.add("workPool", "'" + workPool + "' is not a work pool of this control plane; it has "
                    + String.join(", ", workPools.names()) + " (GET /api/work-pools)");
        }
        checks.addAll(scheduleChecks.check(spec, checkParameters(spec, checks)));
        checkJobVariables(spec.jobVariables(), pool, checks);
        if (flowNamed && pool.isPresent()) {
            checkFlow(spec.flowName(), pool.get(), checks, warnings);
        }
    }

    /**
     * Bounded like parameters; in a process pool their {@code env} becomes the runners' environment, so it must fit
     * one. A warm pool's runners are shared by its deployments and started before any run: none can have its own.
     */
    private void checkJobVariables(ObjectNode jobVariables, Optional<WorkPool> pool, FieldChecks checks) {
        if (jobVariables == null) {
            return;
        }
        Optional<FieldError> tooLarge = parameters.tooLarge("jobVariables", jobVariables);
        tooLarge.ifPresent(checks::add);
        Optional<String> type = pool.map(WorkPool::type);
        if (type.filter(WorkPoolSpec::isWarm).isPresent() && !jobVariables.isEmpty()) {
            checks.add("jobVariables", "must be empty: the runners of " + type.get() + " work pool '" + pool.get().name()
                    + "' are shared by all its deployments and started before their runs; set env on the pool");
        } else if (tooLarge.isEmpty() && type.filter(WorkPoolSpec.PROCESS::equals).isPresent()) {
            checks.addAll(ProcessTemplate.problems("jobVariables", jobVariables));
        }
    }

    private static void checkTags(List<String> tags, FieldChecks checks) {
        if (tags == null) {
            return;
        }
        if (tags.size() > Limits.TAGS) {
            checks.add("tags", "has " + tags.size() + " tags; at most " + Limits.TAGS + " are allowed");
            return;
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || tag.isBlank()) {
                checks.add("tags[" + i + "]", "must not be empty");
            }
            checks.text("tags[" + i + "]", tag, Limits.TAG);
        }
    }

    /**
     * Both within the size limit, the schema a JSON schema of an object, and the defaults fitting it.
     *
     * @return whether they are fine, so that runs' parameters can be checked against them
     */
    private boolean checkParameters(DeploymentSpec spec, FieldChecks checks) {
        var defaultsTooLarge = spec.parameters() == null ? Optional.<FieldError>empty()
                : parameters.tooLarge("parameters", spec.parameters());
        var schemaTooLarge = spec.parameterSchema() == null ? Optional.<FieldError>empty()
                : parameters.tooLarge("parameterSchema", spec.parameterSchema());
        defaultsTooLarge.ifPresent(checks::add);
        schemaTooLarge.ifPresent(checks::add);
        if (spec.parameterSchema() == null || schemaTooLarge.isPresent()) {
            return defaultsTooLarge.isEmpty() && schemaTooLarge.isEmpty();
        }
        List<FieldError> schemaErrors = schemaCheck.check(spec.parameterSchema());
        checks.addAll(schemaErrors);
        if (!schemaErrors.isEmpty() || defaultsTooLarge.isPresent()) {
            return false;
        }
        List<FieldError> defaultErrors = spec.parameters() == null ? List.of()
                : parameters.checkDefaults(spec.parameterSchema(), spec.parameters());
        checks.addAll(defaultErrors);
        return defaultErrors.isEmpty();
    }

    /** A local pool runs the runner jar, so its flow must be there; other pools run images this cannot see. */
    private void checkFlow(String flowName, WorkPool pool, FieldChecks checks, List<String> warnings) {
        if (!WorkPoolSpec.runsLocally(pool.type())) {
            warnings.add("flow '" + flowName + "' was not checked: work pool '" + pool.name() + "' runs its own image");
            return;
        }
        RunnerFlows.Listing listing = runnerFlows.list();
        if (listing.flows() == null) {
            warnings.add("flow '" + flowName + "' was not checked: " + listing.unavailable());
        } else if (!listing.flows().contains(flowName)) {
            checks.add("flowName", "'" + flowName + "' is not a flow of the runner jar " + runnerFlows.jar()
                    + "; its deployments.yaml declares " + String.join(", ", listing.flows()));
        }
    }
}
