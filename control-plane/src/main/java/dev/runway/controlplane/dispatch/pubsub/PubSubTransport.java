package dev.runway.controlplane.dispatch.pubsub;

import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.api.gax.retrying.RetrySettings;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.common.util.concurrent.MoreExecutors;
import dev.runway.controlplane.dispatch.DispatchTransport;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.OutboxStore.Dispatch;
import dev.runway.model.FlowRun;
import com.google.pubsub.v1.TopicName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes dispatches to the topic. Publishes run concurrently (the publisher batches them), each with its
 * own outcome, so one that fails holds back no other. Once Pub/Sub has a message it redelivers it until
 * the launcher acknowledges it, so the outbox row can close: {@link Redelivery#BY_TRANSPORT}.
 */
public class PubSubTransport implements DispatchTransport, AutoCloseable {

    private final Publisher publisher;
    private final FlowRunStore runs;
    private final DeploymentStore deployments;

    public PubSubTransport(Publisher publisher, FlowRunStore runs, DeploymentStore deployments) {
        this.publisher = publisher;
        this.runs = runs;
        this.deployments = deployments;
    }

    /** A publisher on the configured topic whose publishes give up after {@code publishTimeout}. */
    public static Publisher publisher(PubSubProperties properties, PubSubConnection connection) {
        try {
            return Publisher.newBuilder(TopicName.of(properties.projectId(), properties.topic()))
                    .setChannelProvider(connection.channels())
                    .setCredentialsProvider(connection.credentials())
                    .setRetrySettings(RetrySettings.newBuilder()
                            .setInitialRetryDelayDuration(Duration.ofMillis(100)).setRetryDelayMultiplier(2)
                            .setMaxRetryDelayDuration(Duration.ofSeconds(5))
                            .setInitialRpcTimeoutDuration(properties.publishTimeout()).setRpcTimeoutMultiplier(1)
                            .setMaxRpcTimeoutDuration(properties.publishTimeout())
                            .setTotalTimeoutDuration(properties.publishTimeout()).build())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Pub/Sub publisher of " + properties.topic(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        publisher.shutdown();
        publisher.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Override
    public CompletableFuture<Redelivery> send(Dispatch dispatch) {
        FlowRun run = runs.find(dispatch.flowRunId())
                .orElseThrow(() -> new NoSuchElementException("no flow run " + dispatch.flowRunId())).run();
        String workPool = run.deploymentName() == null ? null
                : deployments.findByName(run.deploymentName()).map(d -> d.spec().workPool()).orElse(null);
        var message = new DispatchMessage(dispatch.flowRunId(), dispatch.attempt()).toPubsub(workPool, run.deploymentName());
        CompletableFuture<Redelivery> published = new CompletableFuture<>();
        ApiFutures.addCallback(publisher.publish(message), new ApiFutureCallback<>() {
            @Override
            public void onSuccess(String messageId) {
                published.complete(Redelivery.BY_TRANSPORT);
            }

            @Override
            public void onFailure(Throwable failure) {
                published.completeExceptionally(failure);
            }
        }, MoreExecutors.directExecutor());
        return published;
    }
}
