package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.DeadlineExceededException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateJobRequest;
import com.google.cloud.run.v2.ExecutionTemplate;
import com.google.cloud.run.v2.Job;
import com.google.cloud.run.v2.ResourceRequirements;
import com.google.cloud.run.v2.TaskTemplate;
import com.google.cloud.run.v2.UpdateJobRequest;
import com.google.cloud.run.v2.VpcAccess;
import com.google.protobuf.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cloud Run job per distinct template, created or updated when first needed and then reused by every run of
 * that template. A job carries the hash of the template it was made from in a label, so a control plane that
 * restarted (or another one) recognises a job it can use as it is.
 */
final class CloudRunJobs {

    private static final Logger log = LoggerFactory.getLogger(CloudRunJobs.class);
    static final String CONTAINER = "runner";
    static final String MANAGED_BY = "managed-by";
    static final String POOL = "runway-pool";
    static final String TEMPLATE = "runway-template";

    private final CloudRunClients clients;
    private final CloudRunProperties properties;
    /** Job name → template hash known to be in place. */
    private final Map<String, String> ready = new ConcurrentHashMap<>();

    CloudRunJobs(CloudRunClients clients, CloudRunProperties properties) {
        this.clients = clients;
        this.properties = properties;
    }

    /** The job to run for {@code spec}, made to match it first if it does not. */
    String ensure(JobSpec spec, String pool) {
        String name = spec.jobName(properties.jobPrefix(), pool);
        String hash = spec.templateHash();
        if (hash.equals(ready.get(name))) {
            return name;
        }
        synchronized (this) {
            if (!hash.equals(ready.get(name))) {
                bringUpToDate(spec, pool, name, hash);
                ready.put(name, hash);
            }
        }
        return name;
    }

    /** Forgets what it knew of a job, e.g. after Cloud Run said it does not exist. */
    void forget(String name) {
        ready.remove(name);
    }

    private void bringUpToDate(JobSpec spec, String pool, String name, String hash) {
        Job current;
        try {
            current = clients.jobs.getJob(name);
        } catch (NotFoundException missing) {
            String id = name.substring(name.lastIndexOf('/') + 1);
            log.info("creating Cloud Run job {} for work pool '{}'", name, pool);
            try {
                await(clients.jobs.createJobAsync(CreateJobRequest.newBuilder().setParent(spec.location()).setJobId(id)
                        .setJob(job(spec, pool, hash)).build()), properties.callTimeout());
                return;
            } catch (AlreadyExistsException raced) {
                current = clients.jobs.getJob(name);
            }
        }
        if (!hash.equals(current.getLabelsMap().get(TEMPLATE))) {
            log.info("updating Cloud Run job {} to the template of work pool '{}' ({})", name, pool, hash);
            await(clients.jobs.updateJobAsync(UpdateJobRequest.newBuilder()
                    .setJob(job(spec, pool, hash).toBuilder().setName(name)).build()), properties.callTimeout());
        }
    }

    /** The result of a create or update, waited for at most {@code timeout}. */
    static <T> T await(OperationFuture<T, ?> operation, java.time.Duration timeout) {
        try {
            return operation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new DeadlineExceededException(e, null, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing a Cloud Run resource", e);
        }
    }

    static Job job(JobSpec spec, String pool, String hash) {
        Container.Builder container = Container.newBuilder().setName(CONTAINER).setImage(spec.image());
        if (spec.cpu() != null || spec.memory() != null) {
            container.setResources(CloudRunJobs.limits(spec.cpu(), spec.memory()));
        }
        TaskTemplate.Builder task = TaskTemplate.newBuilder().addContainers(container).setMaxRetries(spec.maxRetries());
        if (spec.timeoutSeconds() != null) {
            task.setTimeout(Duration.newBuilder().setSeconds(spec.timeoutSeconds()));
        }
        if (spec.serviceAccount() != null) {
            task.setServiceAccount(spec.serviceAccount());
        }
        if (spec.vpcConnector() != null) {
            task.setVpcAccess(VpcAccess.newBuilder().setConnector(spec.vpcConnector())
                    .setEgress(VpcAccess.VpcEgress.valueOf(spec.egress())));
        }
        return Job.newBuilder()
                .putLabels(MANAGED_BY, "runway")
                .putLabels(POOL, labelValue(pool))
                .putLabels(TEMPLATE, hash)
                .setTemplate(ExecutionTemplate.newBuilder().setTaskCount(1).setTemplate(task))
                .build();
    }

    /** Resource limits of a container; either may be null. */
    static ResourceRequirements limits(String cpu, String memory) {
        ResourceRequirements.Builder limits = ResourceRequirements.newBuilder();
        if (cpu != null) {
            limits.putLimits("cpu", cpu);
        }
        if (memory != null) {
            limits.putLimits("memory", memory);
        }
        return limits.build();
    }

    /** Label values: at most 63 lowercase letters, digits, - and _. */
    static String labelValue(String value) {
        String clean = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "-");
        return clean.length() <= 63 ? clean : clean.substring(0, 63);
    }
}
