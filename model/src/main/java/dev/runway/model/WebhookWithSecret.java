package dev.runway.model;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * The only answers that show a webhook's secret: to its creation and to a rotation of its secret. The control
 * plane cannot show it again; whoever sends deliveries keeps it.
 */
public record WebhookWithSecret(@JsonUnwrapped Webhook webhook, String secret) {
}
