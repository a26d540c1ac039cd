package dev.runway.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.controlplane.problem.Problems;
import dev.runway.controlplane.webhooks.DeliveryHeaders;
import dev.runway.controlplane.webhooks.SignatureRejectedException;
import dev.runway.controlplane.webhooks.UnreadableSecretException;
import dev.runway.controlplane.webhooks.WebhookDisabledException;
import dev.runway.controlplane.webhooks.WebhookReceiver;
import dev.runway.controlplane.webhooks.WebhookReceiver.Accepted;
import dev.runway.controlplane.webhooks.WebhookReceiver.Challenge;
import dev.runway.controlplane.webhooks.WebhookReceiver.Outcome;
import dev.runway.model.State;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /hooks/{slug}}: a webhook delivery, authenticated by its webhook's signature alone (no API key is read
 * on this path, see {@code auth.SecurityConfig}). 202 with the run's id; a synchronous webhook answers 200 with the
 * run's state and result once it ends, or 202 when it has not ended in time. The body is read raw, as the signature
 * covers its exact bytes, up to {@code runway.webhooks.max-body-bytes}.
 */
@RestController
class WebhookDeliveryController {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryController.class);
    /** How much longer than the webhook's own timeout the servlet container lets an answer take. */
    private static final Duration CONTAINER_MARGIN = Duration.ofSeconds(10);

    /** The answer to a delivery that started a run: its id, and once it ended its state and result. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Delivered(UUID flowRunId, State state, JsonNode result) {
    }

    private final WebhookReceiver receiver;

    WebhookDeliveryController(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /**
     * Answers at once, but for a synchronous webhook's new run: its answer is handed to Spring MVC's asynchronous
     * processing, this thread goes back to the server, and the answer is written when the run ends or the webhook's
     * timeout passes. The method then returns nothing, as Spring expects once processing went asynchronous. Declaring
     * a {@link DeferredResult} instead would make every delivery pay for an asynchronous dispatch (a second pass
     * through the filters and the handler), which cost a third to a half of the deliveries per second in
     * {@code bench/webhooks.sh}.
     */
    @PostMapping("/hooks/{slug}")
    ResponseEntity<Object> deliver(@PathVariable String slug, HttpServletRequest request,
                                   @RequestBody(required = false) byte[] body) throws Exception {
        WebhookReceiver.Reception reception = receiver.receive(slug, headers(request), body == null ? new byte[0] : body);
        if (reception instanceof Challenge challenge) {
            return ResponseEntity.ok().body(challenge.answer());
        }
        Accepted accepted = (Accepted) reception;
        if (accepted.replay() || !accepted.webhook().spec().sync()) {
            return started(accepted.runId());
        }
        Duration wait = Duration.ofSeconds(accepted.webhook().spec().timeoutSeconds());
        DeferredResult<ResponseEntity<Object>> answer = new DeferredResult<>(wait.plus(CONTAINER_MARGIN).toMillis());
        receiver.outcome(accepted.runId(), wait).whenComplete((outcome, failure) -> {
            if (failure != null) {
                answer.setErrorResult(failure.getCause() != null ? failure.getCause() : failure);
            } else {
                answer.setResult(ended(accepted.runId(), outcome));
            }
        });
        // the context Spring MVC's adapter reads when it handles the result: a ResponseEntity needs no model
        WebAsyncUtils.getAsyncManager(request).startDeferredResultProcessing(answer, new ModelAndViewContainer());
        return null;
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> signatureRejected(SignatureRejectedException e) {
        ProblemDetail problem = e.missing()
                ? Problems.of(HttpStatus.UNAUTHORIZED, "signature-required", "Signature required", e.getMessage())
                : Problems.of(HttpStatus.UNAUTHORIZED, "invalid-signature", "Invalid signature", e.getMessage());
        problem.setProperty("header", e.header());
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Webhook header=\"" + e.header() + "\"")
                .body(problem);
    }

    @ExceptionHandler
    ProblemDetail disabled(WebhookDisabledException e) {
        return Problems.of(HttpStatus.FORBIDDEN, "webhook-disabled", "Webhook disabled", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadableSecret(UnreadableSecretException e) {
        log.error("a webhook delivery was refused: {} (is runway.webhooks.key, or <home>/webhook.key, the key it was"
                + " stored under?)", e.getMessage());
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "the control plane cannot read this webhook's secret; its log says why");
    }

    private static ResponseEntity<Object> started(UUID runId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/flow-runs/" + runId))
                .body(new Delivered(runId, null, null));
    }

    private static ResponseEntity<Object> ended(UUID runId, Optional<Outcome> outcome) {
        if (outcome.isEmpty()) {
            return started(runId);
        }
        return ResponseEntity.ok().location(URI.create("/api/flow-runs/" + runId))
                .body(new Delivered(runId, outcome.get().run().state(), outcome.get().result()));
    }

    private static DeliveryHeaders headers(HttpServletRequest request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return DeliveryHeaders.of(headers);
    }
}
