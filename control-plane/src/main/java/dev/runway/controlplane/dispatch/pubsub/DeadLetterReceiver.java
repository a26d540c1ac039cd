package dev.runway.controlplane.dispatch.pubsub;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.pubsub.v1.PubsubMessage;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the dead-letter subscription: a dispatch Pub/Sub gave up on will never be launched, so its run
 * ends CRASHED with a message saying why — unless the run moved on or its attempt was launched after all.
 */
public class DeadLetterReceiver implements MessageReceiver {

    /** Set by Pub/Sub on a dead-lettered message: how many deliveries failed. */
    static final String DELIVERY_COUNT = "CloudPubSubDeadLetterSourceDeliveryCount";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterReceiver.class);

    private final FlowRunStore runs;
    private final Transitions transitions;
    private final Clock clock;

    public DeadLetterReceiver(FlowRunStore runs, Transitions transitions, Clock clock) {
        this.runs = runs;
        this.transitions = transitions;
        this.clock = clock;
    }

    @Override
    public void receiveMessage(PubsubMessage message, AckReplyConsumer reply) {
        var dispatch = DispatchMessage.parse(message);
        if (dispatch.isEmpty()) {
            log.warn("dead-lettered Pub/Sub message {} is not a dispatch; dropped", message.getMessageId());
            reply.ack();
            return;
        }
        var runId = dispatch.get().flowRunId();
        int attempt = dispatch.get().attempt();
        try {
            StoredRun seen = runs.find(runId).orElse(null);
            if (seen != null && seen.run().state().type() == StateType.PENDING && seen.run().runCount() == attempt
                    && !runs.launchSettled(runId, attempt)) {
                String failed = message.getAttributesOrDefault(DELIVERY_COUNT, "all its");
                transitions.proposeVerdict(seen, State.of(StateType.CRASHED,
                        "the dispatch of attempt " + attempt + " failed " + failed + " delivery attempts", clock.instant()));
            } else {
                log.info("dead-lettered dispatch of flow run {} attempt {}: nothing to do, the run moved on or launched",
                        runId, attempt);
            }
            reply.ack();
        } catch (RuntimeException e) {
            log.warn("dead-lettered dispatch of flow run {} attempt {}: {}; delivered again", runId, attempt, e.toString());
            reply.nack();
        }
    }
}
