package dev.runway.controlplane.store;

import dev.runway.model.Webhook;
import java.util.UUID;

/**
 * A webhook as stored: its row's id, which its deliveries refer to, the webhook, and its secret encrypted
 * ({@code webhooks.WebhookSecrets}), which only a delivery's check decrypts.
 */
public record StoredWebhook(UUID id, Webhook webhook, String encryptedSecret) {
}
