package dev.runway.cloudrunfake;

import com.google.cloud.run.v2.CancelExecutionRequest;
import com.google.cloud.run.v2.Condition;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateJobRequest;
import com.google.cloud.run.v2.EnvVar;
import com.google.cloud.run.v2.Execution;
import com.google.cloud.run.v2.GetExecutionRequest;
import com.google.cloud.run.v2.GetJobRequest;
import com.google.cloud.run.v2.Job;
import com.google.cloud.run.v2.ListExecutionsRequest;
import com.google.cloud.run.v2.ListExecutionsResponse;
import com.google.cloud.run.v2.RunJobRequest;
import com.google.cloud.run.v2.TaskTemplate;
import com.google.cloud.run.v2.UpdateJobRequest;
import com.google.cloud.run.v2.CreateWorkerPoolRequest;
import com.google.cloud.run.v2.GetWorkerPoolRequest;
import com.google.cloud.run.v2.UpdateWorkerPoolRequest;
import com.google.cloud.run.v2.WorkerPool;
import com.google.longrunning.Operation;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A Cloud Run Admin v2 server for tests and for trying the {@code cloud-run} and {@code cloud-run-worker-pool} work
 * pools on one machine, speaking the real gRPC protocol on a local port (plaintext): the Jobs service (GetJob,
 * CreateJob, UpdateJob, RunJob), the Executions service (GetExecution, ListExecutions, CancelExecution) and the
 * WorkerPools service (GetWorkerPool, CreateWorkerPool, UpdateWorkerPool), with the method names of
 * google/cloud/run/v2/{job,execution,worker_pool}.proto and the real message types. It records every request, can be
 * told to fail calls, enforces a RunJob quota if given one, hands each new execution to {@link #onExecution} (which
 * may start a runner with the execution's environment) and each new worker pool revision to {@link #onWorkerPool}.
 */
public final class CloudRunFake implements AutoCloseable {

    /** A call as the fake received it. */
    public record Call(String method, Message request) {
    }

    /** A failure to answer RunJob with; {@code afterStarting}: the execution starts anyway (a lost response). */
    public record Fault(Status.Code code, boolean afterStarting) {
    }

    /** A new execution and its container's environment. */
    public record Started(String name, Map<String, String> env) {
    }

    private final Server server;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    /** Newest last. */
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final Deque<Fault> runJobFaults = new ArrayDeque<>();
    private final List<Instant> acceptedRunJobs = new ArrayList<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Consumer<Started> onExecution = started -> { };
    private volatile Consumer<String> onCancel = name -> { };
    private volatile Consumer<WorkerPool> onWorkerPool = pool -> { };
    private final Map<String, WorkerPool> workerPools = new LinkedHashMap<>();
    private volatile int quotaPerWindow = Integer.MAX_VALUE;
    private volatile Duration quotaWindow = Duration.ofMinutes(1);
    private volatile int quotaRefusals;

    /** On a free port. */
    public CloudRunFake() throws IOException {
        this(0);
    }

    public CloudRunFake(int port) throws IOException {
        server = Grpc.newServerBuilderForPort(port, InsecureServerCredentials.create())
                .addService(ServerServiceDefinition.builder("google.cloud.run.v2.Jobs")
                        .addMethod(unary("google.cloud.run.v2.Jobs", "GetJob", GetJobRequest.getDefaultInstance(),
                                Job.getDefaultInstance(), this::getJob))
                        .addMethod(unary("google.cloud.run.v2.Jobs", "CreateJob", CreateJobRequest.getDefaultInstance(),
                                Operation.getDefaultInstance(), this::createJob))
                        .addMethod(unary("google.cloud.run.v2.Jobs", "UpdateJob", UpdateJobRequest.getDefaultInstance(),
                                Operation.getDefaultInstance(), this::updateJob))
                        .addMethod(unary("google.cloud.run.v2.Jobs", "RunJob", RunJobRequest.getDefaultInstance(),
                                Operation.getDefaultInstance(), this::runJob))
                        .build())
                .addService(ServerServiceDefinition.builder("google.cloud.run.v2.Executions")
                        .addMethod(unary("google.cloud.run.v2.Executions", "GetExecution",
                                GetExecutionRequest.getDefaultInstance(), Execution.getDefaultInstance(), this::getExecution))
                        .addMethod(unary("google.cloud.run.v2.Executions", "ListExecutions",
                                ListExecutionsRequest.getDefaultInstance(), ListExecutionsResponse.getDefaultInstance(),
                                this::listExecutions))
                        .addMethod(unary("google.cloud.run.v2.Executions", "CancelExecution",
                                CancelExecutionRequest.getDefaultInstance(), Operation.getDefaultInstance(),
                                this::cancelExecution))
                        .build())
                .addService(ServerServiceDefinition.builder("google.cloud.run.v2.WorkerPools")
                        .addMethod(unary("google.cloud.run.v2.WorkerPools", "GetWorkerPool",
                                GetWorkerPoolRequest.getDefaultInstance(), WorkerPool.getDefaultInstance(),
                                this::getWorkerPool))
                        .addMethod(unary("google.cloud.run.v2.WorkerPools", "CreateWorkerPool",
                                CreateWorkerPoolRequest.getDefaultInstance(), Operation.getDefaultInstance(),
                                this::createWorkerPool))
                        .addMethod(unary("google.cloud.run.v2.WorkerPools", "UpdateWorkerPool",
                                UpdateWorkerPoolRequest.getDefaultInstance(), Operation.getDefaultInstance(),
                                this::updateWorkerPool))
                        .build())
                .build().start();
    }

    public String endpoint() {
        return "127.0.0.1:" + server.getPort();
    }

    public void onExecution(Consumer<Started> starter) {
        this.onExecution = starter;
    }

    public void onCancel(Consumer<String> canceller) {
        this.onCancel = canceller;
    }

    /** Told of each worker pool as created or updated: a new revision, whose instances replace the old ones. */
    public void onWorkerPool(Consumer<WorkerPool> deployer) {
        this.onWorkerPool = deployer;
    }

    public synchronized Map<String, WorkerPool> workerPools() {
        return Map.copyOf(workerPools);
    }

    public synchronized void failNextRunJob(Fault... faults) {
        runJobFaults.addAll(List.of(faults));
    }

    /** At most {@code calls} RunJob per {@code window}; more are refused RESOURCE_EXHAUSTED, as Cloud Run's quota does. */
    public void quota(int calls, Duration window) {
        this.quotaPerWindow = calls;
        this.quotaWindow = window;
    }

    public int quotaRefusals() {
        return quotaRefusals;
    }

    public synchronized List<Instant> acceptedRunJobs() {
        return List.copyOf(acceptedRunJobs);
    }

    public synchronized Map<String, Job> jobs() {
        return Map.copyOf(jobs);
    }

    public synchronized List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    public List<Message> requests(String method) {
        return calls.stream().filter(call -> call.method().equals(method)).map(Call::request).toList();
    }

    /** Ends an execution as Cloud Run would report it: succeeded, failed (with a message) or cancelled. */
    public synchronized void complete(String name, boolean succeeded, String failure) {
        Execution execution = executions.get(name);
        if (execution == null || execution.hasCompletionTime()) {
            return;
        }
        Execution.Builder done = execution.toBuilder().setRunningCount(0).setCompletionTime(now());
        if (succeeded) {
            done.setSucceededCount(1).addConditions(condition("Completed", Condition.State.CONDITION_SUCCEEDED,
                    "Execution completed successfully.", Condition.ExecutionReason.EXECUTION_REASON_UNDEFINED));
        } else {
            done.setFailedCount(1).addConditions(condition("Completed", Condition.State.CONDITION_FAILED, failure,
                    Condition.ExecutionReason.NON_ZERO_EXIT_CODE));
        }
        executions.put(name, done.build());
    }

    private Job getJob(GetJobRequest request) {
        synchronized (this) {
            Job job = jobs.get(request.getName());
            if (job == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + request.getName() + "' was not found").asRuntimeException();
            }
            return job;
        }
    }

    private Operation createJob(CreateJobRequest request) {
        String name = request.getParent() + "/jobs/" + request.getJobId();
        synchronized (this) {
            if (jobs.containsKey(name)) {
                throw Status.ALREADY_EXISTS.withDescription("Resource '" + name + "' already exists").asRuntimeException();
            }
            Job job = request.getJob().toBuilder().setName(name).setGeneration(1).setCreateTime(now()).build();
            jobs.put(name, job);
            return done(job);
        }
    }

    private Operation updateJob(UpdateJobRequest request) {
        String name = request.getJob().getName();
        synchronized (this) {
            Job current = jobs.get(name);
            if (current == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + name + "' was not found").asRuntimeException();
            }
            Job job = request.getJob().toBuilder().setGeneration(current.getGeneration() + 1).build();
            jobs.put(name, job);
            return done(job);
        }
    }

    private WorkerPool getWorkerPool(GetWorkerPoolRequest request) {
        synchronized (this) {
            WorkerPool pool = workerPools.get(request.getName());
            if (pool == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + request.getName() + "' was not found").asRuntimeException();
            }
            return pool;
        }
    }

    private Operation createWorkerPool(CreateWorkerPoolRequest request) {
        String name = request.getParent() + "/workerPools/" + request.getWorkerPoolId();
        WorkerPool pool;
        synchronized (this) {
            if (workerPools.containsKey(name)) {
                throw Status.ALREADY_EXISTS.withDescription("Resource '" + name + "' already exists").asRuntimeException();
            }
            pool = request.getWorkerPool().toBuilder().setName(name).setGeneration(1).setCreateTime(now()).build();
            workerPools.put(name, pool);
        }
        onWorkerPool.accept(pool);
        return done(pool);
    }

    private Operation updateWorkerPool(UpdateWorkerPoolRequest request) {
        String name = request.getWorkerPool().getName();
        WorkerPool pool;
        synchronized (this) {
            WorkerPool current = workerPools.get(name);
            if (current == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + name + "' was not found").asRuntimeException();
            }
            pool = request.getWorkerPool().toBuilder().setGeneration(current.getGeneration() + 1)
                    .setCreateTime(current.getCreateTime()).build();
            workerPools.put(name, pool);
        }
        onWorkerPool.accept(pool);
        return done(pool);
    }

    private Operation runJob(RunJobRequest request) {
        Execution execution;
        Fault fault;
        synchronized (this) {
            Job job = jobs.get(request.getName());
            if (job == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + request.getName() + "' was not found").asRuntimeException();
            }
            fault = runJobFaults.poll();
            if (fault != null && !fault.afterStarting()) {
                throw Status.fromCode(fault.code()).withDescription("injected " + fault.code()).asRuntimeException();
            }
            Instant now = clock.instant();
            long inWindow = acceptedRunJobs.stream().filter(at -> at.isAfter(now.minus(quotaWindow))).count();
            if (inWindow >= quotaPerWindow) {
                quotaRefusals++;
                throw Status.RESOURCE_EXHAUSTED.withDescription("Quota exceeded for quota metric 'Job run requests'")
                        .asRuntimeException();
            }
            acceptedRunJobs.add(now);
            execution = execution(job, request);
            executions.put(execution.getName(), execution);
        }
        onExecution.accept(new Started(execution.getName(), env(execution)));
        if (fault != null) {
            throw Status.fromCode(fault.code()).withDescription("injected " + fault.code() + " after starting")
                    .asRuntimeException();
        }
        return Operation.newBuilder()
                .setName(request.getName().substring(0, request.getName().indexOf("/jobs/")) + "/operations/" + UUID.randomUUID())
                .setMetadata(Any.pack(execution)).setDone(false).build();
    }

    private Execution execution(Job job, RunJobRequest request) {
        String id = job.getName().substring(job.getName().lastIndexOf('/') + 1) + "-" + UUID.randomUUID().toString().substring(0, 5);
        TaskTemplate.Builder task = job.getTemplate().getTemplate().toBuilder();
        for (RunJobRequest.Overrides.ContainerOverride override : request.getOverrides().getContainerOverridesList()) {
            for (int i = 0; i < task.getContainersCount(); i++) {
                Container container = task.getContainers(i);
                if (override.getName().isEmpty() || override.getName().equals(container.getName())) {
                    Map<String, EnvVar> env = new LinkedHashMap<>();
                    container.getEnvList().forEach(variable -> env.put(variable.getName(), variable));
                    override.getEnvList().forEach(variable -> env.put(variable.getName(), variable));
                    Container.Builder changed = container.toBuilder().clearEnv().addAllEnv(env.values());
                    if (override.getArgsCount() > 0 || override.getClearArgs()) {
                        changed.clearArgs().addAllArgs(override.getArgsList());
                    }
                    task.setContainers(i, changed);
                }
            }
        }
        if (request.getOverrides().hasTimeout()) {
            task.setTimeout(request.getOverrides().getTimeout());
        }
        return Execution.newBuilder().setName(job.getName() + "/executions/" + id).setJob(job.getName())
                .setCreateTime(now()).setStartTime(now()).setTaskCount(1).setRunningCount(1)
                .setTemplate(task).build();
    }

    private Execution getExecution(GetExecutionRequest request) {
        synchronized (this) {
            Execution execution = executions.get(request.getName());
            if (execution == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + request.getName() + "' was not found").asRuntimeException();
            }
            return execution;
        }
    }

    private ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        List<Execution> ofJob;
        synchronized (this) {
            ofJob = new ArrayList<>(executions.values().stream()
                    .filter(execution -> execution.getJob().equals(request.getParent())).toList());
        }
        java.util.Collections.reverse(ofJob);
        int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
        int size = request.getPageSize() > 0 ? request.getPageSize() : 100;
        int to = Math.min(ofJob.size(), from + size);
        ListExecutionsResponse.Builder page = ListExecutionsResponse.newBuilder().addAllExecutions(ofJob.subList(from, to));
        if (to < ofJob.size()) {
            page.setNextPageToken(Integer.toString(to));
        }
        return page.build();
    }

    private Operation cancelExecution(CancelExecutionRequest request) {
        Execution cancelled;
        synchronized (this) {
            Execution execution = executions.get(request.getName());
            if (execution == null) {
                throw Status.NOT_FOUND.withDescription("Resource '" + request.getName() + "' was not found").asRuntimeException();
            }
            if (execution.hasCompletionTime()) {
                throw Status.FAILED_PRECONDITION.withDescription("Execution has already completed").asRuntimeException();
            }
            cancelled = execution.toBuilder().setRunningCount(0).setCancelledCount(1).setCompletionTime(now())
                    .addConditions(condition("Completed", Condition.State.CONDITION_FAILED,
                            "The execution was cancelled.", Condition.ExecutionReason.CANCELLED))
                    .build();
            executions.put(request.getName(), cancelled);
        }
        onCancel.accept(request.getName());
        return done(cancelled);
    }

    public static Map<String, String> env(Execution execution) {
        Map<String, String> env = new LinkedHashMap<>();
        execution.getTemplate().getContainersList().forEach(container ->
                container.getEnvList().forEach(variable -> env.put(variable.getName(), variable.getValue())));
        return env;
    }

    private static Condition condition(String type, Condition.State state, String message,
                                       Condition.ExecutionReason reason) {
        return Condition.newBuilder().setType(type).setState(state).setMessage(message).setExecutionReason(reason).build();
    }

    private static Operation done(Message response) {
        return Operation.newBuilder().setName("operations/" + UUID.randomUUID()).setDone(true)
                .setResponse(Any.pack(response)).build();
    }

    private Timestamp now() {
        Instant now = clock.instant();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }

    private <Q extends Message, R extends Message> ServerMethodDefinition<Q, R> unary(
            String service, String method, Q request, R response, Function<Q, R> handler) {
        MethodDescriptor<Q, R> descriptor = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(ProtoUtils.marshaller(request))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
        return ServerMethodDefinition.create(descriptor, ServerCalls.asyncUnaryCall((Q received, io.grpc.stub.StreamObserver<R> answer) -> {
            calls.add(new Call(method, received));
            try {
                answer.onNext(handler.apply(received));
                answer.onCompleted();
            } catch (StatusRuntimeException e) {
                answer.onError(e);
            }
        }));
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
