package dev.runway.controlplane.runs;

import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.model.schema.ParameterValidator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A run's parameters: the deployment's defaults overlaid with the caller's, checked against the schema. */
public final class Parameters {

    private Parameters() {
    }

    /** Merges and validates; a mismatch is a 422 naming each {@code parameters.<field>}. */
    public static ObjectNode resolve(ObjectNode schema, ObjectNode defaults, JsonNode given) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw InvalidInputException.of("parameters", "must be a JSON object");
        }
        ObjectNode merged = defaults.deepCopy();
        if (given != null && given.isObject()) {
            merged.setAll((ObjectNode) given);
        }
        List<FieldError> errors = check(schema, merged);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("parameters do not match the flow's input", errors);
        }
        return merged;
    }

    /** Default parameters may leave required ones to the caller, but must not have the wrong type. */
    public static List<FieldError> checkDefaults(ObjectNode schema, ObjectNode defaults) {
        return check(schema, defaults).stream().filter(e -> !e.message().equals("is required")).toList();
    }

    private static List<FieldError> check(ObjectNode schema, ObjectNode parameters) {
        return new ParameterValidator(schema).validate(parameters).stream()
                .map(e -> new FieldError(e.field().isEmpty() ? "parameters" : "parameters." + e.field(), e.message()))
                .toList();
    }
}
