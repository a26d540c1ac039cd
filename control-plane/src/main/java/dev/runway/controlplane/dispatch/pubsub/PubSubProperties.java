package dev.runway.controlplane.dispatch.pubsub;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Pub/Sub transport ({@code runway.transport=pubsub}), validated at start. Topic and subscriptions are
 * ids within {@code projectId}, created beforehand (Terraform, or the README's emulator steps).
 *
 * @param projectId              the Google Cloud project that holds the topic and subscriptions
 * @param topic                  where the outbox is published
 * @param subscription           the topic's subscription the launcher consumes; give it a dead-letter policy
 * @param deadLetterSubscription the subscription of the dead-letter topic; its dispatches end their runs CRASHED
 * @param maxOutstandingMessages dispatches a subscription hands to this process at once (flow control)
 * @param executorThreadCount    threads each subscription runs its receivers on: how many dispatches are launched at
 *                               once (a launch may wait on its infrastructure's API); the client's own default is 5
 * @param publishTimeout         how long one publish may retry before its outbox row is left for a later pass (10s or more)
 * @param endpoint               {@code host:port} of the Pub/Sub API; empty: {@code PUBSUB_EMULATOR_HOST} if set
 *                               (plaintext, no credentials, as the Google libraries do), else Google's endpoint
 * @param plaintext              talk to {@code endpoint} without TLS or credentials (an emulator)
 */
@Validated
@ConfigurationProperties("runway.pubsub")
public record PubSubProperties(
        @NotBlank String projectId,
        @NotBlank @Pattern(regexp = ID, message = ID_RULE) @DefaultValue("runway-dispatch") String topic,
        @NotBlank @Pattern(regexp = ID, message = ID_RULE) @DefaultValue("runway-launcher") String subscription,
        @NotBlank @Pattern(regexp = ID, message = ID_RULE) @DefaultValue("runway-dispatch-dlq-launcher")
        String deadLetterSubscription,
        @Min(1) @DefaultValue("100") long maxOutstandingMessages,
        @Min(1) @DefaultValue("5") int executorThreadCount,
        @NotNull @DurationMin(seconds = 10) @DefaultValue("30s") Duration publishTimeout,
        String endpoint,
        @DefaultValue("false") boolean plaintext) {

    /** Pub/Sub's rule for topic and subscription ids. */
    static final String ID = "[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}";
    static final String ID_RULE = "must be a Pub/Sub id: 3 to 255 letters, digits or -_.~+%, starting with a letter";
}
