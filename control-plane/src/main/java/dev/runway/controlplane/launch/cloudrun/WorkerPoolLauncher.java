package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.rpc.ApiException;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.launch.Launcher;
import dev.runway.controlplane.launch.RunnerVariables;
import dev.runway.controlplane.launch.WarmInboxes;
import dev.runway.controlplane.launch.WarmLane;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.WorkPoolSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm lane on Google Cloud: each {@code cloud-run-worker-pool} pool is a Cloud Run worker pool whose instances
 * run the runner with {@code --warm} and pull start messages from the pool's Pub/Sub subscription. A launch makes the
 * worker pool match the pool's template, then publishes the run's start message; the pool takes no more runs than it
 * has instances ({@link WarmLane#requireFreeRunner}).
 *
 * <p>Its infrastructure id is {@code cloud-run-worker-pool:<worker pool name>:<run id>}. A single run on a worker pool
 * cannot be stopped from outside: a cancelled run hears of it on its runner's next heartbeat, and a runner whose flow
 * will not stop exits so that Cloud Run replaces the instance. Publishing a start message twice is harmless: one
 * runner claims the attempt, the other is refused and takes the next message.
 */
final class WorkerPoolLauncher implements Launcher {

    private static final Logger log = LoggerFactory.getLogger(WorkerPoolLauncher.class);
    static final String PREFIX = "cloud-run-worker-pool:";

    private final CloudRunWorkerPools workerPools;
    private final WarmInboxes inboxes;
    private final CloudRunProperties properties;
    private final RunnerVariables variables;
    private final FlowRunStore runs;

    WorkerPoolLauncher(CloudRunWorkerPools workerPools, WarmInboxes inboxes, CloudRunProperties properties,
                       RunnerVariables variables, FlowRunStore runs) {
        this.workerPools = workerPools;
        this.inboxes = inboxes;
        this.properties = properties;
        this.variables = variables;
        this.runs = runs;
    }

    @Override
    public String poolType() {
        return WorkPoolSpec.CLOUD_RUN_WORKER_POOL;
    }

    @Override
    public boolean owns(String infrastructureId) {
        return infrastructureId.startsWith(PREFIX);
    }

    @Override
    public String launch(LaunchRequest request, ExitListener onExit) {
        String pool = request.pool().name();
        WorkerPoolSpec spec = WorkerPoolSpec.of(request.pool().baseJobTemplate(), pool, properties);
        WarmLane.requireFreeRunner(runs, request.pool(), spec.instances());
        Map<String, String> runnerEnv = new LinkedHashMap<>(spec.env());
        runnerEnv.putAll(variables.forWarmRunner(spec.inbox()));
        if (spec.drainSeconds() != null) {
            runnerEnv.put("RUNWAY_DRAIN_SECONDS", spec.drainSeconds().toString());
        }
        String workerPool;
        try {
            workerPool = workerPools.ensure(spec, pool, runnerEnv);
        } catch (ApiException e) {
            String problem = "cannot create or update the Cloud Run worker pool of work pool '" + pool + "': "
                    + e.getStatusCode().getCode() + " " + e.getMessage();
            if (e.isRetryable() || CloudRunLauncher.mayPass(e.getStatusCode().getCode())) {
                throw new LaunchUnavailableException(problem, properties.unavailableRetryAfter(), e);
            }
            throw new IllegalStateException(problem, e);
        }
        inboxes.publish(spec.project(), spec.topic(), spec.subscription(), WarmLane.startMessage(variables.forRun(request)),
                Map.of("runway-run-id", request.run().id().toString(), "runway-attempt", Integer.toString(request.attempt())));
        log.debug("flow run {} attempt {} handed to worker pool {}", request.run().id(), request.attempt(), workerPool);
        return PREFIX + workerPool + ":" + request.run().id();
    }

    /** Nothing to stop from outside: see the class comment. */
    @Override
    public void stop(String infrastructureId) {
        log.debug("{} runs on a worker pool instance: its runner stops it when it hears of the cancellation",
                infrastructureId);
    }
}
