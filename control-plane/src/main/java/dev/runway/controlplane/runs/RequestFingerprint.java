package dev.runway.controlplane.runs;

import dev.runway.model.CreateFlowRun;
import dev.runway.model.json.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What identifies a request to start a run, so that an idempotency key sent again can be told apart from the
 * same key sent with another request: the SHA-256 of its fields as JSON with sorted keys. The order of
 * properties and a left-out versus empty field do not matter; any other difference does.
 */
final class RequestFingerprint {

    private static final JsonMapper CANONICAL = Json.configure(JsonMapper.builder())
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private RequestFingerprint() {
    }

    static String of(CreateFlowRun request) {
        ObjectNode fields = CANONICAL.createObjectNode();
        fields.set("parameters", request.parameters() == null ? CANONICAL.createObjectNode() : request.parameters());
        fields.put("name", request.name() == null || request.name().isBlank() ? null : request.name());
        fields.put("scheduledTime", request.scheduledTime() == null ? null : request.scheduledTime().toString());
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(fields)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
