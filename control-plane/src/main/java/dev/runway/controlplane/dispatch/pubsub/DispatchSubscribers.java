package dev.runway.controlplane.dispatch.pubsub;

import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.core.InstantiatingExecutorProvider;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.pubsub.v1.ProjectSubscriptionName;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.context.SmartLifecycle;

/**
 * Streaming pull on the dispatch subscription and its dead-letter subscription while the control plane runs,
 * each holding at most {@code maxOutstandingMessages} unacknowledged messages (flow control) and handing them to
 * its receiver on {@code executorThreadCount} threads.
 */
public class DispatchSubscribers implements SmartLifecycle {

    private final List<Subscriber> subscribers;
    private volatile boolean running;

    /** {@code dispatches}: a {@link DispatchReceiver}; {@code deadLetters}: a {@link DeadLetterReceiver}. */
    public DispatchSubscribers(PubSubProperties properties, PubSubConnection connection, MessageReceiver dispatches,
                               MessageReceiver deadLetters) {
        this.subscribers = List.of(
                subscriber(properties, properties.subscription(), connection, dispatches),
                subscriber(properties, properties.deadLetterSubscription(), connection, deadLetters));
    }

    private static Subscriber subscriber(PubSubProperties properties, String subscription, PubSubConnection connection,
                                         MessageReceiver receiver) {
        return Subscriber.newBuilder(ProjectSubscriptionName.of(properties.projectId(), subscription), receiver)
                .setChannelProvider(connection.channels())
                .setCredentialsProvider(connection.credentials())
                .setFlowControlSettings(FlowControlSettings.newBuilder()
                        .setMaxOutstandingElementCount(properties.maxOutstandingMessages()).build())
                .setExecutorProvider(InstantiatingExecutorProvider.newBuilder()
                        .setExecutorThreadCount(properties.executorThreadCount()).build())
                .build();
    }

    @Override
    public void start() {
        subscribers.forEach(subscriber -> subscriber.startAsync().awaitRunning());
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        subscribers.forEach(Subscriber::stopAsync);
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.awaitTerminated(30, TimeUnit.SECONDS);
            } catch (TimeoutException | IllegalStateException e) {
                // a subscriber that failed or hangs must not keep the others from stopping
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
