package dev.runway.controlplane.launch.cloudrun;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.retrying.RetrySettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.api.gax.rpc.UnaryCallSettings;
import com.google.cloud.run.v2.ExecutionsClient;
import com.google.cloud.run.v2.ExecutionsSettings;
import com.google.cloud.run.v2.JobsClient;
import com.google.cloud.run.v2.JobsSettings;
import com.google.cloud.run.v2.WorkerPoolsClient;
import com.google.cloud.run.v2.WorkerPoolsSettings;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

/**
 * The Cloud Run Admin v2 clients (jobs, executions, worker pools). The generated settings retry nothing; here the calls that may be repeated
 * without effect (reads, cancel) retry transient failures, and every call has a deadline. {@code RunJob} is retried
 * by {@link CloudRunLauncher} itself, because a retry after a lost response would start a second execution.
 */
final class CloudRunClients implements AutoCloseable {

    private static final Set<StatusCode.Code> TRANSIENT = Set.of(StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.RESOURCE_EXHAUSTED);

    final JobsClient jobs;
    final ExecutionsClient executions;
    final WorkerPoolsClient workerPools;

    private CloudRunClients(JobsClient jobs, ExecutionsClient executions, WorkerPoolsClient workerPools) {
        this.jobs = jobs;
        this.executions = executions;
        this.workerPools = workerPools;
    }

    static CloudRunClients of(CloudRunProperties properties) {
        Duration timeout = properties.callTimeout();
        RetrySettings retried = RetrySettings.newBuilder().setMaxAttempts(4)
                .setInitialRetryDelayDuration(properties.retryBackoff()).setRetryDelayMultiplier(2)
                .setMaxRetryDelayDuration(properties.retryBackoff().multipliedBy(8))
                .setInitialRpcTimeoutDuration(timeout).setMaxRpcTimeoutDuration(timeout)
                .setTotalTimeoutDuration(timeout.multipliedBy(2)).build();
        RetrySettings once = RetrySettings.newBuilder().setMaxAttempts(1)
                .setInitialRpcTimeoutDuration(timeout).setMaxRpcTimeoutDuration(timeout)
                .setTotalTimeoutDuration(timeout).build();
        try {
            JobsSettings.Builder jobs = JobsSettings.newBuilder().setEndpoint(properties.endpoint());
            ExecutionsSettings.Builder executions = ExecutionsSettings.newBuilder().setEndpoint(properties.endpoint());
            WorkerPoolsSettings.Builder workerPools = WorkerPoolsSettings.newBuilder().setEndpoint(properties.endpoint());
            if (properties.plaintext()) {
                workerPools.setCredentialsProvider(NoCredentialsProvider.create()).setTransportChannelProvider(
                        WorkerPoolsSettings.defaultGrpcTransportProviderBuilder().setEndpoint(properties.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build());
                jobs.setCredentialsProvider(NoCredentialsProvider.create()).setTransportChannelProvider(
                        JobsSettings.defaultGrpcTransportProviderBuilder().setEndpoint(properties.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build());
                executions.setCredentialsProvider(NoCredentialsProvider.create()).setTransportChannelProvider(
                        ExecutionsSettings.defaultGrpcTransportProviderBuilder().setEndpoint(properties.endpoint())
                                .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build());
            }
            retry(jobs.getJobSettings(), retried);
            retry(executions.getExecutionSettings(), retried);
            retry(executions.listExecutionsSettings(), retried);
            retry(executions.cancelExecutionSettings(), retried);
            jobs.createJobSettings().setRetrySettings(once);
            jobs.updateJobSettings().setRetrySettings(once);
            jobs.runJobSettings().setRetrySettings(once);
            retry(workerPools.getWorkerPoolSettings(), retried);
            workerPools.createWorkerPoolSettings().setRetrySettings(once);
            workerPools.updateWorkerPoolSettings().setRetrySettings(once);
            return new CloudRunClients(JobsClient.create(jobs.build()), ExecutionsClient.create(executions.build()),
                    WorkerPoolsClient.create(workerPools.build()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Cloud Run Admin clients for " + properties.endpoint(), e);
        }
    }

    private static void retry(UnaryCallSettings.Builder<?, ?> call, RetrySettings settings) {
        call.setRetryableCodes(TRANSIENT).setRetrySettings(settings);
    }

    @Override
    public void close() {
        jobs.close();
        executions.close();
        workerPools.close();
    }
}
