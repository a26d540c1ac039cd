package dev.runway.model;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The infrastructure a run starts on: its work pool's base job template with its deployment's job variables over
 * it. A launcher reads the result; what the keys mean is its business (see {@link WorkPoolSpec}).
 */
public final class JobTemplate {

    private JobTemplate() {
    }

    /**
     * A new template: {@code base} with {@code variables} merged in, key by key. Where both hold an object the two
     * merge the same way, so a deployment adds or replaces single {@code env} variables and keeps the pool's others;
     * any other value of {@code variables} (an array, a scalar) replaces the base's whole; a JSON {@code null}
     * removes the key (and is not kept where there is nothing to remove). Neither argument is changed.
     */
    public static ObjectNode merge(ObjectNode base, ObjectNode variables) {
        ObjectNode merged = base.deepCopy();
        mergeInto(merged, variables);
        return merged;
    }

    private static void mergeInto(ObjectNode target, ObjectNode variables) {
        for (Map.Entry<String, JsonNode> entry : variables.properties()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isNull()) {
                target.remove(key);
            } else if (value instanceof ObjectNode object) {
                // over an absent or non-object value it merges into an empty object, so its nulls are dropped too
                mergeInto(target.get(key) instanceof ObjectNode nested ? nested : target.putObject(key), object);
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }
}
