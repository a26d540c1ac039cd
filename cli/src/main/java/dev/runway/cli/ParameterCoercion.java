package dev.runway.cli;

import dev.runway.model.json.Json;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns {@code -p key=value} text into the JSON the deployment's parameter schema expects: a property typed
 * integer, number, boolean, array or object is read as JSON; anything else stays text. A value that is not valid
 * JSON, or a key the schema does not know, is sent as text so the server's 422 names the field.
 */
final class ParameterCoercion {

    private static final Set<String> JSON_TYPES = Set.of("integer", "number", "boolean", "array", "object");

    private ParameterCoercion() {
    }

    /** @param base the {@code --params} object the pairs override, or null */
    static ObjectNode parameters(ObjectNode schema, ObjectNode base, Map<String, String> pairs) {
        ObjectNode parameters = base == null ? Json.mapper().createObjectNode() : base.deepCopy();
        pairs.forEach((key, value) -> parameters.set(key, coerce(schema, key, value)));
        return parameters;
    }

    private static JsonNode coerce(ObjectNode schema, String key, String value) {
        JsonNode type = schema == null ? null : schema.path("properties").path(key).path("type");
        if (type == null || !isJson(type)) {
            return text(value);
        }
        try {
            JsonNode json = Json.mapper().readTree(value);
            // Empty text reads as "no content", not as a value: it stays text like anything else that is not JSON.
            return json == null || json.isMissingNode() ? text(value) : json;
        } catch (JacksonException notJson) {
            return text(value);
        }
    }

    private static JsonNode text(String value) {
        return Json.mapper().getNodeFactory().stringNode(value);
    }

    /** {@code "integer"}, or a list such as {@code ["integer","null"]}; a list that allows a string keeps text. */
    private static boolean isJson(JsonNode type) {
        if (type.isString()) {
            return JSON_TYPES.contains(type.stringValue());
        }
        boolean json = false;
        for (JsonNode each : type.values()) {
            if ("string".equals(each.asString())) {
                return false;
            }
            json |= JSON_TYPES.contains(each.asString());
        }
        return json;
    }
}
