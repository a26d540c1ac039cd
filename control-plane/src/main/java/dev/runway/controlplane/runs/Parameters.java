package dev.runway.controlplane.runs;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import dev.runway.model.json.Json;
import dev.runway.model.schema.ParameterValidator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A run's parameters: the deployment's defaults overlaid with the caller's, bounded in size
 * ({@code runway.api.max-parameters-bytes}) and checked against the schema.
 */
@Component
public class Parameters {

    private final long maxBytes;

    public Parameters(RunwayProperties properties) {
        this.maxBytes = properties.api().maxParametersBytes().toBytes();
    }

    /** Merges and validates; a mismatch is a 422 naming each {@code parameters.<field>}. */
    public ObjectNode resolve(ObjectNode schema, ObjectNode defaults, JsonNode given) {
        if (given != null && !given.isNull() && !given.isObject()) {
            throw InvalidInputException.of("parameters", "must be a JSON object");
        }
        ObjectNode merged = defaults.deepCopy();
        if (given != null && given.isObject()) {
            merged.setAll((ObjectNode) given);
        }
        tooLarge("parameters", merged).ifPresent(error -> {
            throw new InvalidInputException("parameters are too large", List.of(error));
        });
        List<FieldError> errors = check(schema, merged);
        if (!errors.isEmpty()) {
            throw new InvalidInputException("parameters do not match the flow's input", errors);
        }
        return merged;
    }

    /** Default parameters may leave required ones to the caller, but must not have the wrong type. */
    public List<FieldError> checkDefaults(ObjectNode schema, ObjectNode defaults) {
        return check(schema, defaults).stream().filter(e -> !e.message().equals("is required")).toList();
    }

    /** An error naming {@code field} when {@code json} takes more than the allowed bytes. */
    public Optional<FieldError> tooLarge(String field, JsonNode json) {
        long bytes = Json.mapper().writeValueAsBytes(json).length;
        return bytes <= maxBytes ? Optional.empty() : Optional.of(new FieldError(field, "is " + bytes
                + " bytes of JSON; at most " + maxBytes + " are allowed (runway.api.max-parameters-bytes)"));
    }

    private static List<FieldError> check(ObjectNode schema, ObjectNode parameters) {
        return new ParameterValidator(schema).validate(parameters).stream()
                .map(e -> new FieldError(e.field().isEmpty() ? "parameters" : "parameters." + e.field(), e.message()))
                .toList();
    }
}
