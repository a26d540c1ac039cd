package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a user declares about a webhook ({@code POST /api/webhooks}): {@code POST /hooks/{slug}} starts a run of
 * {@code deployment} when the request is signed with the webhook's secret. Everything but the slug and the
 * deployment may be left out.
 *
 * @param slug           the webhook's name in its URL: 1-40 lowercase letters, digits, '-' or '_'
 * @param deployment     the deployment whose runs it starts
 * @param template       maps a delivery's body fields and headers to the run's parameters, e.g.
 *                       {@code {"ref": "{{ body.ref }}", "event": "{{ headers.X-GitHub-Event }}"}}; null: the body
 *                       (a JSON object) is the parameters
 * @param sync           wait for the run to end and answer with its state and result
 * @param timeoutSeconds how long a synchronous webhook waits (1-300, default 30); only with {@code sync}
 * @param mode           {@value #HMAC_SHA256} (the default: an HMAC-SHA256 of the raw body, as GitHub signs),
 *                       {@value #SLACK} (Slack's signature of a timestamp and the body) or {@value #TOKEN} (the
 *                       secret itself in a header, for senders that cannot sign)
 * @param header         the header the signature or token comes in; defaults to {@code X-Hub-Signature-256},
 *                       {@code X-Slack-Signature} and {@code X-Runway-Token}
 * @param secret         the secret, given only for {@value #SLACK} (Slack makes the signing secret; for the other
 *                       modes Runway makes one); read from a request, never written into an answer
 */
public record WebhookSpec(String slug, String deployment, ObjectNode template, Boolean sync, Integer timeoutSeconds,
                          String mode, String header,
                          @JsonProperty(access = JsonProperty.Access.WRITE_ONLY) String secret) {

    public static final String HMAC_SHA256 = "hmac-sha256";
    public static final String SLACK = "slack";
    public static final String TOKEN = "token";

    /** A spec whose secret Runway makes. */
    public WebhookSpec(String slug, String deployment, ObjectNode template, Boolean sync, Integer timeoutSeconds,
                       String mode, String header) {
        this(slug, deployment, template, sync, timeoutSeconds, mode, header, null);
    }

    /** Without the secret, so that a spec logged or printed never shows one. */
    @Override
    public String toString() {
        return "WebhookSpec[slug=" + slug + ", deployment=" + deployment + ", template=" + template + ", sync=" + sync
                + ", timeoutSeconds=" + timeoutSeconds + ", mode=" + mode + ", header=" + header
                + (secret == null ? "" : ", secret=<given>") + "]";
    }
}
