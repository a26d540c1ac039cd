package dev.runway.model.schema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Checks parameters against the JSON schema a runner derives from a flow's input type.
 *
 * <p>Only the subset Runway generates is understood: {@code type} (object, string, integer, number, boolean,
 * array), {@code properties}, {@code required}, {@code items}, {@code enum} and {@code additionalProperties: false}.
 * Other keywords are ignored rather than refused, so a richer schema still validates what it can.
 *
 * <p>A property that is present but {@code null} counts as absent: Java flows read a missing optional
 * parameter as {@code null} anyway, and a required one gets "is required" rather than a type error.
 */
public final class ParameterValidator {

    private final JsonNode schema;

    public ParameterValidator(JsonNode schema) {
        this.schema = schema;
    }

    /** Every mismatch, in document order; empty when the parameters fit. */
    public List<FieldError> validate(JsonNode parameters) {
        List<FieldError> errors = new ArrayList<>();
        check(schema, parameters, "", errors);
        return List.copyOf(errors);
    }

    private void check(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        String type = schema.path("type").asString("");
        if (!hasType(type, value)) {
            errors.add(new FieldError(path, typeMessage(type)));
            return;
        }
        JsonNode allowed = schema.get("enum");
        if (allowed != null && allowed.isArray() && !contains(allowed, value)) {
            errors.add(new FieldError(path, "must be one of: " + allowed.valueStream()
                    .map(JsonNode::asString).collect(Collectors.joining(", "))));
        }
        if (value.isObject()) {
            checkObject(schema, value, path, errors);
        } else if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<FieldError> errors) {
        JsonNode properties = schema.path("properties");
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asString()));
        for (String name : properties.propertyNames()) {
            JsonNode property = value.get(name);
            if (property == null || property.isNull()) {
                if (required.contains(name)) {
                    errors.add(new FieldError(join(path, name), "is required"));
                }
            } else {
                check(properties.get(name), property, join(path, name), errors);
            }
        }
        if (schema.path("additionalProperties").isBoolean() && !schema.get("additionalProperties").booleanValue()) {
            for (String name : value.propertyNames()) {
                if (!properties.has(name)) {
                    errors.add(new FieldError(join(path, name), unknownMessage(path, properties)));
                }
            }
        }
    }

    private static boolean hasType(String type, JsonNode value) {
        return switch (type) {
            case "object" -> value.isObject();
            case "string" -> value.isString();
            // 3.0 is an integer in JSON schema; Jackson binds it to an int without loss.
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.canConvertToExactIntegral());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    private static String typeMessage(String type) {
        return switch (type) {
            case "object" -> "must be an object";
            case "string" -> "must be a string";
            case "integer" -> "must be an integer";
            case "number" -> "must be a number";
            case "boolean" -> "must be true or false";
            case "array" -> "must be a list";
            default -> "has the wrong type";
        };
    }

    private static String unknownMessage(String path, JsonNode properties) {
        String known = String.join(", ", properties.propertyNames());
        String what = path.isEmpty() ? "is not a parameter of this flow" : "is not a field of " + path;
        return known.isEmpty() ? what : what + " (known: " + known + ")";
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        return allowed.valueStream().anyMatch(value::equals);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
