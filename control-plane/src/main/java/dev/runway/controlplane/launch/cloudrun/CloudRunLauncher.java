package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.run.v2.CancelExecutionRequest;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.EnvVar;
import com.google.cloud.run.v2.Execution;
import com.google.cloud.run.v2.ExecutionsClient;
import com.google.cloud.run.v2.ListExecutionsRequest;
import com.google.cloud.run.v2.RunJobRequest;
import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.launch.Launcher;
import dev.runway.controlplane.launch.RunnerVariables;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.StateNames;
import dev.runway.model.WorkPoolSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches each attempt as an execution of its template's Cloud Run job: {@code RunJob} with the run's environment
 * as overrides. Its infrastructure id is {@code cloud-run:<execution name>}; {@link ExecutionWatcher} follows the
 * execution from there.
 *
 * <p>{@code RunJob} is not idempotent: after a call whose answer was lost, the job's recent executions are searched
 * for one carrying this run's id and attempt before calling again. Should a second execution start anyway, it cannot
 * claim the run (one claimant per attempt) and exits without running flow code. The call's long-running operation
 * stays open until the execution ends, so the execution is taken from the operation's metadata and the operation
 * itself is never awaited.
 */
final class CloudRunLauncher implements Launcher {

    private static final Logger log = LoggerFactory.getLogger(CloudRunLauncher.class);
    static final String PREFIX = "cloud-run:";
    /** Failures after which RunJob may or may not have started an execution. */
    private static final Set<StatusCode.Code> AMBIGUOUS = Set.of(StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.INTERNAL, StatusCode.Code.UNKNOWN,
            StatusCode.Code.ABORTED, StatusCode.Code.CANCELLED);
    private static final int LOOKUP_PAGE = 100;
    private static final int LOOKUP_PAGES = 3;

    private final CloudRunClients clients;
    private final CloudRunJobs jobs;
    private final RunJobPacer pacer;
    private final CloudRunProperties properties;
    private final RunwayProperties runway;
    private final RunnerVariables variables;
    private final FlowRunStore runs;

    CloudRunLauncher(CloudRunClients clients, CloudRunJobs jobs, RunJobPacer pacer, CloudRunProperties properties,
                     RunwayProperties runway, RunnerVariables variables, FlowRunStore runs) {
        this.clients = clients;
        this.jobs = jobs;
        this.pacer = pacer;
        this.properties = properties;
        this.runway = runway;
        this.variables = variables;
        this.runs = runs;
    }

    @Override
    public String poolType() {
        return WorkPoolSpec.CLOUD_RUN;
    }

    @Override
    public boolean owns(String infrastructureId) {
        return infrastructureId.startsWith(PREFIX);
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        JobSpec spec = JobSpec.of(request.jobTemplate(), properties);
        // this run's own reservation is counted too
        long others = runs.countLaunchedOrReserved(WorkPoolSpec.CLOUD_RUN) - 1;
        if (others >= properties.maxInFlight()) {
            throw new LaunchUnavailableException(StateNames.AWAITING_INFRASTRUCTURE_SLOT, others
                    + " Cloud Run executions are in flight or starting, as many as runway.cloud-run.max-in-flight allows",
                    properties.unavailableRetryAfter(), null);
        }
        String job = ensureJob(spec, request);
        if (request.takesOver()) {
            Optional<String> started = findExecution(job, request);
            if (started.isPresent()) {
                log.info("flow run {} attempt {}: execution {} was started by a launch that did not record it",
                        request.run().id(), request.attempt(), started.get());
                return PREFIX + started.get();
            }
        }
        RunJobRequest call = runJobRequest(job, spec, request);
        Duration backoff = properties.retryBackoff();
        // the reservation of this launch is taken over after redeliver-after: every call must end well before
        Instant lastCallBy = Instant.now().plus(runway.dispatch().redeliverAfter())
                .minus(properties.callTimeout().multipliedBy(2)).minus(properties.maxRateWait());
        ApiException last = null;
        boolean answerLost = false;
        for (int attempt = 1; attempt <= properties.runJobAttempts(); attempt++) {
            if (attempt > 1 && Instant.now().isAfter(lastCallBy)) {
                break;
            }
            awaitTurn();
            try {
                Operation operation = clients.jobs.runJobCallable().call(call);
                return PREFIX + execution(operation, job, request);
            } catch (ApiException e) {
                last = e;
                StatusCode.Code code = e.getStatusCode().getCode();
                if (AMBIGUOUS.contains(code)) {
                    answerLost = true;
                    Optional<String> started = findExecution(job, request);
                    if (started.isPresent()) {
                        log.info("RunJob of {} answered {}, but execution {} runs flow run {} attempt {}",
                                job, code, started.get(), request.run().id(), request.attempt());
                        return PREFIX + started.get();
                    }
                } else if (code == StatusCode.Code.RESOURCE_EXHAUSTED) {
                    pacer.pause(backoff);
                } else if (code == StatusCode.Code.NOT_FOUND) {
                    jobs.forget(job);
                    job = ensureJob(spec, request);
                    call = call.toBuilder().setName(job).build();
                } else {
                    throw new IllegalStateException("Cloud Run refused to run job " + job + ": " + code + " "
                            + e.getMessage(), e);
                }
                log.debug("RunJob of {} for flow run {} failed ({}), attempt {} of {}", job, request.run().id(), code,
                        attempt, properties.runJobAttempts());
                if (attempt < properties.runJobAttempts() && Instant.now().plus(backoff).isBefore(lastCallBy)) {
                    sleep(backoff);
                    backoff = backoff.multipliedBy(2);
                }
            }
        }
        throw new LaunchUnavailableException(StateNames.INFRASTRUCTURE_PENDING, "Cloud Run did not start an execution of "
                + job + " (" + last.getStatusCode().getCode() + ": " + last.getMessage() + ")",
                properties.unavailableRetryAfter(), last, answerLost);
    }

    private String ensureJob(JobSpec spec, LaunchRequest request) {
        try {
            return jobs.ensure(spec, request.pool().name());
        } catch (ApiException e) {
            String problem = "cannot create or update the Cloud Run job of work pool '" + request.pool().name() + "': "
                    + e.getStatusCode().getCode() + " " + e.getMessage();
            if (e.isRetryable() || mayPass(e.getStatusCode().getCode())) {
                throw new LaunchUnavailableException(problem, properties.unavailableRetryAfter(), e);
            }
            throw new IllegalStateException(problem, e);
        }
    }

    /** A failure that may pass if the call is made again later: ambiguous, or a quota. */
    static boolean mayPass(StatusCode.Code code) {
        return AMBIGUOUS.contains(code) || code == StatusCode.Code.RESOURCE_EXHAUSTED;
    }

    private void awaitTurn() {
        RunJobPacer.Turn turn = pacer.take();
        if (!turn.granted()) {
            throw new LaunchUnavailableException(StateNames.LAUNCH_RATE_LIMITED, "RunJob is paced at "
                    + properties.runJobsPerMinute() + " per minute (runway.cloud-run.run-jobs-per-minute); this run's"
                    + " turn comes in about " + Math.max(1, turn.retryAfter().toSeconds()) + " s",
                    turn.retryAfter(), null);
        }
        sleep(turn.delay());
    }

    private RunJobRequest runJobRequest(String job, JobSpec spec, LaunchRequest request) {
        RunJobRequest.Overrides.ContainerOverride.Builder container = RunJobRequest.Overrides.ContainerOverride
                .newBuilder().setName(CloudRunJobs.CONTAINER).addAllArgs(spec.args());
        environment(spec, request).forEach((name, value) ->
                container.addEnv(EnvVar.newBuilder().setName(name).setValue(value)));
        RunJobRequest.Overrides.Builder overrides = RunJobRequest.Overrides.newBuilder()
                .addContainerOverrides(container).setTaskCount(spec.taskCount());
        if (spec.timeoutSeconds() != null) {
            overrides.setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(spec.timeoutSeconds()));
        }
        return RunJobRequest.newBuilder().setName(job).setOverrides(overrides).build();
    }

    /** The template's env, then what every runner is told; the run's RUNWAY_* win. */
    private Map<String, String> environment(JobSpec spec, LaunchRequest request) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putAll(variables.forRun(request));
        return env;
    }

    /** The execution RunJob started: from the operation's metadata, else (not seen from Cloud Run) by its env. */
    private String execution(Operation operation, String job, LaunchRequest request) {
        try {
            if (operation.hasMetadata() && operation.getMetadata().is(Execution.class)) {
                String name = operation.getMetadata().unpack(Execution.class).getName();
                if (!name.isEmpty()) {
                    return name;
                }
            }
            if (operation.hasResponse() && operation.getResponse().is(Execution.class)) {
                return operation.getResponse().unpack(Execution.class).getName();
            }
        } catch (InvalidProtocolBufferException e) {
            log.warn("the RunJob operation {} carries an unreadable execution", operation.getName(), e);
        }
        return findExecution(job, request).orElseThrow(() -> new LaunchUnavailableException("RunJob of " + job
                + " answered operation " + operation.getName() + " without naming its execution, and none carries"
                + " this run yet", properties.unavailableRetryAfter(), null));
    }

    /** The execution of {@code job} started for this run and attempt, among the job's most recent ones. */
    Optional<String> findExecution(String job, LaunchRequest request) {
        String runId = request.run().id().toString();
        String attempt = Integer.toString(request.attempt());
        try {
            ExecutionsClient.ListExecutionsPage page = clients.executions.listExecutions(ListExecutionsRequest
                    .newBuilder().setParent(job).setPageSize(LOOKUP_PAGE).build()).getPage();
            for (int pages = 0; page != null && pages < LOOKUP_PAGES; pages++) {
                for (Execution execution : page.getValues()) {
                    if (carries(execution, runId, attempt)) {
                        return Optional.of(execution.getName());
                    }
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
            }
            return Optional.empty();
        } catch (ApiException e) {
            throw new LaunchUnavailableException("cannot tell whether Cloud Run started an execution of " + job
                    + " for this run: " + e.getStatusCode().getCode() + " " + e.getMessage(),
                    properties.unavailableRetryAfter(), e);
        }
    }

    private static boolean carries(Execution execution, String runId, String attempt) {
        for (Container container : execution.getTemplate().getContainersList()) {
            Map<String, String> env = new LinkedHashMap<>();
            container.getEnvList().forEach(variable -> env.put(variable.getName(), variable.getValue()));
            if (runId.equals(env.get("RUNWAY_RUN_ID")) && attempt.equals(env.get("RUNWAY_ATTEMPT"))) {
                return true;
            }
        }
        return false;
    }

    /** Cancels the execution; Cloud Run stops its task, and the runner hears of the cancellation first if it can. */
    @Override
    public void stop(String infrastructureId) {
        if (!owns(infrastructureId)) {
            return;
        }
        String execution = infrastructureId.substring(PREFIX.length());
        com.google.api.core.ApiFutures.addCallback(clients.executions.cancelExecutionCallable()
                .futureCall(CancelExecutionRequest.newBuilder().setName(execution).build()),
                new com.google.api.core.ApiFutureCallback<>() {
                    @Override
                    public void onSuccess(Operation operation) {
                        log.info("cancelled Cloud Run execution {}", execution);
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        log.info("could not cancel Cloud Run execution {} (it may have ended): {}", execution,
                                failure.getMessage());
                    }
                }, Runnable::run);
    }

    private static void sleep(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchUnavailableException("interrupted while waiting to call RunJob", Duration.ofSeconds(1), e);
        }
    }
}
