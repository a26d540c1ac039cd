package dev.runway.controlplane.webhooks;

/** A delivery to a webhook that is disabled: refused with 403, and no run starts. */
public class WebhookDisabledException extends RuntimeException {

    public WebhookDisabledException(String slug) {
        super("webhook '" + slug + "' is disabled: it starts no runs until it is enabled again"
                + " (POST /api/webhooks/" + slug + "/enable)");
    }
}
