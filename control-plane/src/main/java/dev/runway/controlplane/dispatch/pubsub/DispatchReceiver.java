package dev.runway.controlplane.dispatch.pubsub;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;
import dev.runway.controlplane.store.FlowRunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's side of the topic: launches each dispatch, then acknowledges it. A failure is nacked, so
 * Pub/Sub delivers it again with the subscription's back-off and, after its max delivery attempts, sends it
 * to the dead-letter topic. A message that can never be launched is acknowledged, so it blocks nothing.
 */
public class DispatchReceiver implements MessageReceiver {

    private static final Logger log = LoggerFactory.getLogger(DispatchReceiver.class);

    private final Launches launches;
    private final FlowRunStore runs;

    public DispatchReceiver(Launches launches, FlowRunStore runs) {
        this.launches = launches;
        this.runs = runs;
    }

    @Override
    public void receiveMessage(PubsubMessage message, AckReplyConsumer reply) {
        var dispatch = DispatchMessage.parse(message);
        if (dispatch.isEmpty()) {
            log.warn("Pub/Sub message {} is not a dispatch; dropped: {}", message.getMessageId(),
                    message.getData().toStringUtf8());
            reply.ack();
            return;
        }
        var runId = dispatch.get().flowRunId();
        int attempt = dispatch.get().attempt();
        try {
            if (runs.find(runId).isEmpty()) {
                log.warn("Pub/Sub message {} dispatches flow run {}, which does not exist; dropped",
                        message.getMessageId(), runId);
                reply.ack();
            } else if (launches.launch(runId, attempt)) {
                reply.ack();
            } else {
                // another launch holds the attempt: if it dies, its lease runs out and a later delivery takes over
                log.debug("flow run {} attempt {} is being launched elsewhere; delivered again later", runId, attempt);
                reply.nack();
            }
        } catch (RuntimeException e) {
            log.warn("flow run {} attempt {}: launch failed, Pub/Sub delivers it again: {}", runId, attempt, e.toString());
            reply.nack();
        }
    }
}
