package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.store.StoredWebhook;
import dev.runway.controlplane.store.WebhookDeliveryStore;
import dev.runway.controlplane.store.WebhookStore;
import dev.runway.model.CreateFlowRun;
import dev.runway.model.FlowRun;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a webhook delivery into a run, or refuses it having started none. In order: the webhook (404 when there is
 * none, 403 when it is disabled), its signature over the raw body (401), a provider's verification challenge
 * (answered, no run), the delivery's id (a delivery seen before answers with its run), the template (422), and the
 * run, created through {@link FlowRunService} as {@code webhook:<slug>} with the deployment's schema checked (422).
 *
 * <p>A delivery with an id is recorded in the transaction that inserts its run: a crash at any point leaves both
 * or neither, so a retry after a crash either finds the run or starts the only one. Two copies of a delivery
 * arriving at once both pass the look-up, but the second one's record collides with the first one's on the
 * delivery's key, which rolls its run back, and it answers with the first one's run.
 */
@Service
public class WebhookReceiver {

    /** What a delivery came to. */
    public sealed interface Reception {
    }

    /** A provider's verification challenge, and what to answer it with; no run started. */
    public record Challenge(ObjectNode answer) implements Reception {
    }

    /**
     * The run the delivery started, or started before.
     *
     * @param replay true when a delivery of the same id had started it, and nothing was created now
     */
    public record Accepted(Webhook webhook, UUID runId, boolean replay) implements Reception {
    }

    /** A run as a synchronous webhook answers with it: its result is the JSON the flow returned, if it completed. */
    public record Outcome(FlowRun run, JsonNode result) {
    }

    /** Synchronous answers are put together off the thread that reported the run's end. */
    private static final Executor ANSWERS = task -> Thread.ofVirtual().name("webhook-answer").start(task);

    private final WebhookStore webhooks;
    private final WebhookDeliveryStore deliveries;
    private final WebhookSecrets secrets;
    private final FlowRunService runs;
    private final RunEndings endings;
    private final Clock clock;
    private final DeliveryIds deliveryIds = DeliveryIds.defaults();
    private final int maxParametersBytes;

    public WebhookReceiver(WebhookStore webhooks, WebhookDeliveryStore deliveries, WebhookSecrets secrets,
                           FlowRunService runs, RunEndings endings, Clock clock, RunwayProperties properties) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.runs = runs;
        this.endings = endings;
        this.clock = clock;
        this.maxParametersBytes = (int) Math.min(Integer.MAX_VALUE, properties.api().maxParametersBytes().toBytes());
    }

    /**
     * Receives one delivery: its headers and its body as sent.
     *
     * @throws NotFoundException          no webhook of this slug
     * @throws WebhookDisabledException   the webhook is disabled
     * @throws SignatureRejectedException the signature or token is missing or wrong
     * @throws InvalidInputException      the delivery id, the body or the parameters it maps to are not valid
     * @throws ConflictException          the webhook's deployment is gone
     */
    public Reception receive(String slug, DeliveryHeaders headers, byte[] body) {
        Optional<StoredWebhook> found = WebhookService.SLUG.matcher(slug).matches() ? webhooks.find(slug) : Optional.empty();
        StoredWebhook stored = found.orElseThrow(() -> WebhookService.notFound(slug));
        WebhookSpec spec = stored.webhook().spec();
        if (!stored.webhook().enabled()) {
            throw new WebhookDisabledException(slug);
        }
        WebhookSignature signature = WebhookSignature.of(spec.mode(), spec.header(), clock);
        SignatureCheck check = signature.check(secrets.decrypt(slug, stored.encryptedSecret()), headers, body);
        if (!check.valid()) {
            throw new SignatureRejectedException(check, signature);
        }
        Optional<ObjectNode> challenge = ProviderChallenge.answer(body);
        if (challenge.isPresent()) {
            return new Challenge(challenge.get());
        }
        Optional<DeliveryIds.DeliveryId> deliveryId = deliveryIds.find(headers);
        if (deliveryId.isPresent()) {
            Optional<UUID> earlier = deliveries.findRun(stored.id(), deliveryId.get().value());
            if (earlier.isPresent()) {
                return new Accepted(stored.webhook(), earlier.get(), true);
            }
        }
        ObjectNode parameters = WebhookTemplate.of(spec.template()).apply(headers, body, maxParametersBytes);
        return start(stored, parameters, deliveryId.map(DeliveryIds.DeliveryId::value));
    }

    /**
     * The run once it has ended, with its result, or empty when it has not ended within {@code timeout}. Nothing is
     * held while it waits.
     */
    public CompletableFuture<Optional<Outcome>> outcome(UUID runId, Duration timeout) {
        return endings.awaitEnd(runId, timeout).thenApplyAsync(ended -> ended.map(run -> outcome(run.id())), ANSWERS);
    }

    private Accepted start(StoredWebhook stored, ObjectNode parameters, Optional<String> deliveryId) {
        String slug = stored.webhook().spec().slug();
        String deployment = stored.webhook().spec().deployment();
        Consumer<FlowRun> recordDelivery = run -> deliveryId.ifPresent(id -> {
            try {
                deliveries.insert(stored.id(), id, run.id(), clock.instant());
            } catch (DuplicateKeyException sameDeliveryMeanwhile) {
                throw new DeliveryTaken();
            } catch (DataIntegrityViolationException webhookDeletedMeanwhile) {
                throw new WebhookGone();
            }
        });
        try {
            FlowRun run = runs.start(deployment, new CreateFlowRun(parameters, null, null, null), "webhook:" + slug,
                    recordDelivery).run();
            return new Accepted(stored.webhook(), run.id(), false);
        } catch (DeliveryTaken rolledBack) {
            return deliveries.findRun(stored.id(), deliveryId.orElseThrow())
                    .map(runId -> new Accepted(stored.webhook(), runId, true))
                    .orElseThrow(() -> new ConflictException("a delivery with the id '" + deliveryId.get()
                            + "' was being received at the same moment and did not finish: send it again"));
        } catch (WebhookGone rolledBack) {
            throw WebhookService.notFound(slug);
        } catch (NotFoundException deploymentGone) {
            throw new ConflictException("webhook '" + slug + "' starts runs of deployment '" + deployment
                    + "', which does not exist (any more): deploy it again, or delete the webhook");
        }
    }

    private Outcome outcome(UUID runId) {
        FlowRun run = runs.get(runId);
        if (run.resultRef() == null) {
            return new Outcome(run, null);
        }
        try (InputStream result = runs.result(runId)) {
            return new Outcome(run, Json.mapper().readTree(result));
        } catch (NotFoundException resultGone) {
            return new Outcome(run, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result of flow run " + runId, e);
        }
    }

    /** The delivery's record collided with another copy's: its run is rolled back, and the other's answered. */
    private static final class DeliveryTaken extends RuntimeException {
        DeliveryTaken() {
            super(null, null, false, false);
        }
    }

    /** The webhook was deleted while its delivery was received: the run is rolled back. */
    private static final class WebhookGone extends RuntimeException {
        WebhookGone() {
            super(null, null, false, false);
        }
    }
}
