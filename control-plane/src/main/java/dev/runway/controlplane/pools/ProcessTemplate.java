package dev.runway.controlplane.pools;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.problem.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code process} pool reads of a job template: {@code env}, an object of strings its runners get as
 * environment variables. A {@code null} variable is none (in job variables it removes the pool's). A
 * {@code process-warm} pool reads {@code instances} too: how many warm runners it keeps.
 */
public final class ProcessTemplate {

    static final String ENV = "env";
    static final String INSTANCES = "instances";
    /** Each warm runner is a JVM on the control plane's machine: a handful is what one machine holds. */
    public static final int MAX_WARM_INSTANCES = 32;

    private ProcessTemplate() {
    }

    /** Each fault of the template's {@code env}, named under {@code field}, e.g. {@code jobVariables.env.ROWS}. */
    public static List<FieldError> problems(String field, ObjectNode template) {
        JsonNode env = template.get(ENV);
        List<FieldError> problems = new ArrayList<>();
        if (env == null || env.isNull()) {
            return problems;
        }
        if (!env.isObject()) {
            problems.add(new FieldError(field + "." + ENV, "must be an object of environment variables"));
            return problems;
        }
        for (Map.Entry<String, JsonNode> variable : env.properties()) {
            String name = variable.getKey();
            JsonNode value = variable.getValue();
            if (!RunwayProperties.Launcher.VARIABLE_NAME.matcher(name).matches()) {
                problems.add(new FieldError(field + "." + ENV, "'" + name
                        + "' is not an environment variable name (letters, digits and _, not starting with a digit)"));
            } else if (!value.isNull() && !value.isString()) {
                problems.add(new FieldError(field + "." + ENV + "." + name, value.isValueNode()
                        ? "must be a string (in YAML, quote it: \"" + value.asString() + "\")" : "must be a string"));
            } else if (value.isString() && value.asString().indexOf('\0') >= 0) {
                problems.add(new FieldError(field + "." + ENV + "." + name, "must not contain the NUL character"));
            }
        }
        return problems;
    }

    /** Each fault of a {@code process-warm} template: those of {@link #problems}, and of {@code instances}. */
    public static List<FieldError> warmProblems(String field, ObjectNode template) {
        List<FieldError> problems = problems(field, template);
        JsonNode instances = template.get(INSTANCES);
        if (instances != null && !instances.isNull() && !(instances.isIntegralNumber() && instances.canConvertToInt()
                && instances.intValue() >= 1 && instances.intValue() <= MAX_WARM_INSTANCES)) {
            problems.add(new FieldError(field + "." + INSTANCES, "must be a whole number from 1 to " + MAX_WARM_INSTANCES));
        }
        return problems;
    }

    /** How many warm runners a {@code process-warm} pool keeps: its template's {@code instances}, 1 if unset. */
    public static int instances(ObjectNode template) {
        JsonNode instances = template.get(INSTANCES);
        return instances == null || instances.isNull() ? 1 : instances.intValue();
    }

    /** The template's {@code env} as variables; a template with a fault is refused naming it. */
    public static Map<String, String> environment(ObjectNode template) {
        List<FieldError> problems = problems("jobTemplate", template);
        if (!problems.isEmpty()) {
            FieldError first = problems.getFirst();
            throw new IllegalArgumentException(first.field() + " " + first.message());
        }
        Map<String, String> variables = new LinkedHashMap<>();
        JsonNode env = template.path(ENV);
        env.properties().forEach(variable -> {
            if (variable.getValue().isString()) {
                variables.put(variable.getKey(), variable.getValue().asString());
            }
        });
        return variables;
    }
}
