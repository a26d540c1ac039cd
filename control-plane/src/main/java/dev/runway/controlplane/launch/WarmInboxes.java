package dev.runway.controlplane.launch;

import java.util.Map;

/**
 * Where a warm lane on Google Cloud leaves start messages for its runners: a topic whose subscription they pull from
 * (Pub/Sub, {@code dispatch.pubsub}).
 */
public interface WarmInboxes {

    /**
     * Publishes {@code data} with {@code attributes} to {@code topic} of {@code project}, which {@code subscription}
     * follows, and returns once it is held.
     *
     * @throws LaunchUnavailableException when the message could not be handed over now
     */
    void publish(String project, String topic, String subscription, String data, Map<String, String> attributes);
}
