package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateWorkerPoolRequest;
import com.google.cloud.run.v2.EnvVar;
import com.google.cloud.run.v2.UpdateWorkerPoolRequest;
import com.google.cloud.run.v2.VpcAccess;
import com.google.cloud.run.v2.WorkerPool;
import com.google.cloud.run.v2.WorkerPoolRevisionTemplate;
import com.google.cloud.run.v2.WorkerPoolScaling;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloud Run worker pool of each {@code cloud-run-worker-pool} work pool, created or updated to match the pool's
 * template when a run first needs it. Like {@link CloudRunJobs}, a worker pool carries the hash of the template it
 * was made from in a label, so a restarted control plane leaves one that matches alone: updating a worker pool rolls
 * its instances, which drain the runs they hold.
 */
final class CloudRunWorkerPools {

    private static final Logger log = LoggerFactory.getLogger(CloudRunWorkerPools.class);
    static final String CONTAINER = "runner";

    private final CloudRunClients clients;
    private final CloudRunProperties properties;
    /** Worker pool name → template hash known to be in place. */
    private final Map<String, String> ready = new ConcurrentHashMap<>();

    CloudRunWorkerPools(CloudRunClients clients, CloudRunProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** The worker pool of {@code spec}, its runners started with {@code runnerEnv}, made to match first if it does not. */
    String ensure(WorkerPoolSpec spec, String pool, Map<String, String> runnerEnv) {
        String name = spec.name(properties.jobPrefix(), pool);
        String hash = spec.templateHash(runnerEnv);
        if (hash.equals(ready.get(name))) {
            return name;
        }
        synchronized (this) {
            if (!hash.equals(ready.get(name))) {
                bringUpToDate(spec, pool, runnerEnv, name, hash);
                ready.put(name, hash);
            }
        }
        return name;
    }

    private void bringUpToDate(WorkerPoolSpec spec, String pool, Map<String, String> runnerEnv, String name, String hash) {
        WorkerPool current;
        try {
            current = clients.workerPools.getWorkerPool(name);
        } catch (NotFoundException missing) {
            log.info("creating Cloud Run worker pool {} for work pool '{}'", name, pool);
            try {
                CloudRunJobs.await(clients.workerPools.createWorkerPoolAsync(CreateWorkerPoolRequest.newBuilder()
                        .setParent(spec.location()).setWorkerPoolId(name.substring(name.lastIndexOf('/') + 1))
                        .setWorkerPool(workerPool(spec, pool, runnerEnv, hash)).build()), properties.callTimeout());
                return;
            } catch (AlreadyExistsException raced) {
                current = clients.workerPools.getWorkerPool(name);
            }
        }
        if (!hash.equals(current.getLabelsMap().get(CloudRunJobs.TEMPLATE))) {
            log.info("updating Cloud Run worker pool {} to the template of work pool '{}' ({})", name, pool, hash);
            CloudRunJobs.await(clients.workerPools.updateWorkerPoolAsync(UpdateWorkerPoolRequest.newBuilder()
                    .setWorkerPool(workerPool(spec, pool, runnerEnv, hash).toBuilder().setName(name)).build()),
                    properties.callTimeout());
        }
    }

    static WorkerPool workerPool(WorkerPoolSpec spec, String pool, Map<String, String> runnerEnv, String hash) {
        Container.Builder container = Container.newBuilder().setName(CONTAINER).setImage(spec.image()).addArgs("--warm");
        runnerEnv.forEach((name, value) -> container.addEnv(EnvVar.newBuilder().setName(name).setValue(value)));
        if (spec.cpu() != null || spec.memory() != null) {
            container.setResources(CloudRunJobs.limits(spec.cpu(), spec.memory()));
        }
        WorkerPoolRevisionTemplate.Builder template = WorkerPoolRevisionTemplate.newBuilder().addContainers(container);
        if (spec.serviceAccount() != null) {
            template.setServiceAccount(spec.serviceAccount());
        }
        if (spec.vpcConnector() != null) {
            template.setVpcAccess(VpcAccess.newBuilder().setConnector(spec.vpcConnector())
                    .setEgress(VpcAccess.VpcEgress.valueOf(spec.egress())));
        }
        return WorkerPool.newBuilder()
                .putLabels(CloudRunJobs.MANAGED_BY, "runway")
                .putLabels(CloudRunJobs.POOL, CloudRunJobs.labelValue(pool))
                .putLabels(CloudRunJobs.TEMPLATE, hash)
                .setTemplate(template)
                .setScaling(WorkerPoolScaling.newBuilder().setManualInstanceCount(spec.instances()))
                .build();
    }
}
