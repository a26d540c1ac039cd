package dev.runway.controlplane.dispatch.pubsub;

import com.google.api.gax.rpc.AlreadyExistsException;
import com.google.api.gax.rpc.NotFoundException;
import com.google.api.gax.rpc.PermissionDeniedException;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.SubscriptionName;
import com.google.pubsub.v1.TopicName;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.launch.WarmInboxes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pub/Sub topics the warm runners of {@code cloud-run-worker-pool} pools pull their runs from, one publisher per
 * topic. A topic or subscription that does not exist yet is created (Terraform creates them on Google Cloud, with a
 * dead-letter policy; an emulator starts empty); one this control plane may not look at is taken to exist.
 */
public final class PubSubWarmInboxes implements WarmInboxes, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PubSubWarmInboxes.class);
    /** A runner acknowledges its message once the claim is answered, well within this. */
    private static final int ACK_DEADLINE_SECONDS = 60;
    /** Longer than a publish takes when Pub/Sub answers; a launch that waits longer is tried again after RETRY_AFTER. */
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final PubSubConnection connection;
    private final Map<TopicName, Publisher> publishers = new ConcurrentHashMap<>();

    public PubSubWarmInboxes(PubSubConnection connection) {
        this.connection = connection;
    }

    @Override
    public void publish(String project, String topic, String subscription, String data, Map<String, String> attributes) {
        Publisher publisher = publishers.computeIfAbsent(TopicName.of(project, topic),
                name -> open(name, SubscriptionName.of(project, subscription)));
        try {
            publisher.publish(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data))
                    .putAllAttributes(attributes).build()).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new LaunchUnavailableException("cannot publish to Pub/Sub topic " + topic + ": " + cause.getMessage(),
                    RETRY_AFTER, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchUnavailableException("interrupted while publishing to " + topic, RETRY_AFTER, e);
        }
    }

    private Publisher open(TopicName topic, SubscriptionName subscription) {
        try {
            ensureExists(topic, subscription);
            return Publisher.newBuilder(topic).setChannelProvider(connection.channels())
                    .setCredentialsProvider(connection.credentials()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish to " + topic, e);
        }
    }

    private void ensureExists(TopicName topic, SubscriptionName subscription) throws IOException {
        try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials()).build());
             SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                .setTransportChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials()).build())) {
            try {
                topics.getTopic(topic);
            } catch (NotFoundException missing) {
                log.info("creating Pub/Sub topic {} for warm runners", topic);
                createTopic(topics, topic);
            }
            try {
                subscriptions.getSubscription(subscription);
            } catch (NotFoundException missing) {
                log.info("creating Pub/Sub subscription {} for warm runners", subscription);
                createSubscription(subscriptions, topic, subscription);
            }
        } catch (PermissionDeniedException e) {
            log.debug("not allowed to look at {} or {}; taking them to exist", topic, subscription, e);
        }
    }

    private static void createTopic(TopicAdminClient topics, TopicName topic) {
        try {
            topics.createTopic(topic);
        } catch (AlreadyExistsException raced) {
            // another control plane made it
        }
    }

    private static void createSubscription(SubscriptionAdminClient subscriptions, TopicName topic,
                                           SubscriptionName subscription) {
        try {
            subscriptions.createSubscription(Subscription.newBuilder().setName(subscription.toString())
                    .setTopic(topic.toString()).setAckDeadlineSeconds(ACK_DEADLINE_SECONDS).build());
        } catch (AlreadyExistsException raced) {
            // another control plane made it
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Publisher publisher : publishers.values()) {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
        connection.close();
    }
}
