package dev.runway.controlplane.api;

import dev.runway.controlplane.webhooks.WebhookService;
import dev.runway.model.Page;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Webhooks as the admin manages them; a webhook's secret is in the answers that make one, and nowhere else. */
@RestController
@RequestMapping("/api/webhooks")
class WebhookController {

    private static final int MAX_LIMIT = 200;

    private final WebhookService webhooks;

    WebhookController(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    /** 201 with the new webhook and its secret; 409 when the slug is taken. */
    @PostMapping
    ResponseEntity<WebhookWithSecret> create(@RequestBody WebhookSpec spec) {
        WebhookWithSecret created = webhooks.create(spec);
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/api/webhooks/" + created.webhook().spec().slug()))
                .body(created);
    }

    @GetMapping
    Page<Webhook> list(@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
        Paging.check(offset, limit, MAX_LIMIT);
        return webhooks.list(offset, limit);
    }

    @GetMapping("/{slug}")
    Webhook get(@PathVariable String slug) {
        return webhooks.get(slug);
    }

    /** 204; the runs the webhook started stay. */
    @DeleteMapping("/{slug}")
    ResponseEntity<Void> delete(@PathVariable String slug) {
        webhooks.delete(slug);
        return ResponseEntity.noContent().build();
    }

    /**
     * The webhook with its new secret; the old secret is refused from now on. A Slack webhook's new secret is given
     * as {@code {"secret": "…"}} and not shown back; the others take no body.
     */
    @PostMapping("/{slug}/rotate-secret")
    WebhookWithSecret rotateSecret(@PathVariable String slug, @RequestBody(required = false) GivenSecret given) {
        return webhooks.rotateSecret(slug, given == null ? null : given.secret());
    }

    /** The body of a Slack webhook's rotation: the app's new signing secret. */
    record GivenSecret(String secret) {
    }

    @PostMapping("/{slug}/disable")
    Webhook disable(@PathVariable String slug) {
        return webhooks.setEnabled(slug, false);
    }

    @PostMapping("/{slug}/enable")
    Webhook enable(@PathVariable String slug) {
        return webhooks.setEnabled(slug, true);
    }
}
