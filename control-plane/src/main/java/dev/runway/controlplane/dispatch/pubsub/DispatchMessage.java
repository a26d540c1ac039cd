package dev.runway.controlplane.dispatch.pubsub;

import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import dev.runway.model.json.Json;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;

/**
 * What a dispatch looks like on the topic: {@code {"flowRunId":…,"attempt":…}} as JSON data, and the
 * run's work pool and deployment as attributes, so subscriptions can filter on them without reading the data.
 */
record DispatchMessage(UUID flowRunId, int attempt) {

    static final String WORK_POOL = "workPool";
    static final String DEPLOYMENT = "deployment";

    PubsubMessage toPubsub(String workPool, String deployment) {
        PubsubMessage.Builder message = PubsubMessage.newBuilder()
                .setData(ByteString.copyFrom(Json.mapper().writeValueAsBytes(this)));
        if (workPool != null) {
            message.putAttributes(WORK_POOL, workPool);
        }
        if (deployment != null) {
            message.putAttributes(DEPLOYMENT, deployment);
        }
        return message.build();
    }

    /** Empty when the data is not a dispatch: such a message can never be launched. */
    static Optional<DispatchMessage> parse(PubsubMessage message) {
        try {
            DispatchMessage parsed = Json.mapper().readValue(message.getData().toByteArray(), DispatchMessage.class);
            return parsed.flowRunId() == null || parsed.attempt() < 1 ? Optional.empty() : Optional.of(parsed);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
