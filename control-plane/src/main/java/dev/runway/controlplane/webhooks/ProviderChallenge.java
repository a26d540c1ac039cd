package dev.runway.controlplane.webhooks;

import dev.runway.model.json.Json;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verification challenge a provider sends when a webhook's URL is registered, answered without starting a
 * run. Only Slack's is known: {@code {"type":"url_verification","challenge":"…"}}, answered with
 * {@code {"challenge":"…"}}. The caller checks the delivery's signature first.
 */
public final class ProviderChallenge {

    /** Slack's challenge is some hundred bytes; a larger body is a delivery, and is not parsed twice. */
    static final int MAX_BODY_BYTES = 8 * 1024;

    private ProviderChallenge() {
    }

    /** The answer to the challenge {@code body} is, or empty when it is not one. */
    public static Optional<ObjectNode> answer(byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(body);
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
        if (json == null || !json.path("type").isString() || !json.path("type").stringValue().equals("url_verification")
                || !json.path("challenge").isString() || json.path("challenge").stringValue().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Json.mapper().createObjectNode().put("challenge", json.path("challenge").stringValue()));
    }
}
