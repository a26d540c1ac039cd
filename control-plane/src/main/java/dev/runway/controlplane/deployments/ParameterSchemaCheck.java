package dev.runway.controlplane.deployments;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a deployment's parameter schema is a JSON schema: valid against the meta-schema of the draft
 * its {@code $schema} names (2020-12 when it names none), and describing an object, as parameters are one.
 * The meta-schemas ship inside the validator library; nothing is fetched over the network.
 */
@Component
public class ParameterSchemaCheck {

    private static final String FIELD = "parameterSchema";

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** Every fault, one per place in the schema, each naming it ({@code parameterSchema.properties.name.type}). */
    List<FieldError> check(JsonNode schema) {
        SpecificationVersion draft = SpecificationVersion.fromSchemaNode(schema).orElse(SpecificationVersion.DRAFT_2020_12);
        Schema meta = registry.getSchema(SchemaLocation.of(draft.getDialectId()));
        Map<String, FieldError> firstPerPlace = new LinkedHashMap<>();
        for (Error error : meta.validate(schema)) {
            String field = field(error.getInstanceLocation());
            firstPerPlace.putIfAbsent(field, new FieldError(field, error.getMessage()));
        }
        List<FieldError> errors = new ArrayList<>(firstPerPlace.values());
        JsonNode type = schema.get("type");
        if (errors.isEmpty() && type != null && !(type.isString() && type.asString().equals("object"))) {
            errors.add(new FieldError(FIELD + ".type", "must be \"object\": a run's parameters are a JSON object"));
        }
        return errors;
    }

    private static String field(NodePath location) {
        StringBuilder field = new StringBuilder(FIELD);
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            field.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
        }
        return field.toString();
    }
}
