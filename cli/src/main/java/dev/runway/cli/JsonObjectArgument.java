package dev.runway.cli;

import dev.runway.model.json.Json;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads an option value such as {@code '{"name":"Ada"}'}; anything but a JSON object is a usage error. */
final class JsonObjectArgument implements ITypeConverter<ObjectNode> {

    @Override
    public ObjectNode convert(String value) {
        try {
            JsonNode node = Json.mapper().readTree(value);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (JacksonException e) {
            throw new TypeConversionException("'" + value + "' is not valid JSON: " + e.getOriginalMessage());
        }
        throw new TypeConversionException("'" + value + "' is not a JSON object such as {\"name\":\"Ada\"}");
    }
}
