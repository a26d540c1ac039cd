package dev.runway.runner;

import dev.runway.model.json.Json;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What a warm runner is asked to run: {@code {"env":{"RUNWAY_RUN_ID":"…","RUNWAY_ATTEMPT":"1","RUNWAY_RUN_TOKEN":"…"}}},
 * the {@code RUNWAY_*} variables a launcher would have given a runner of its own. They go over the runner's environment
 * to make the run's {@link RunSettings}, so the ones every run shares ({@code RUNWAY_API_URL},
 * {@code RUNWAY_RESULT_STORE} …) may come from either. Other fields beside {@code env} are ignored.
 */
record StartMessage(Map<String, String> env) {

    /** @throws ConfigurationException saying what is wrong, never quoting the message (it holds the run's token) */
    static StartMessage parse(String json) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(json);
        } catch (JacksonException e) {
            throw new ConfigurationException("the start message is not JSON: " + e.getOriginalMessage());
        }
        JsonNode variables = root == null ? null : root.get("env");
        if (variables == null || !variables.isObject()) {
            throw new ConfigurationException("the start message has no \"env\" object; expected {\"env\":{\"RUNWAY_RUN_ID\":…}}");
        }
        Map<String, String> env = new HashMap<>();
        for (Map.Entry<String, JsonNode> variable : variables.properties()) {
            if (!variable.getKey().startsWith("RUNWAY_")) {
                throw new ConfigurationException("the start message's env may hold only RUNWAY_* variables, not "
                        + variable.getKey());
            }
            if (!variable.getValue().isString()) {
                throw new ConfigurationException("the start message's env." + variable.getKey() + " must be a string");
            }
            env.put(variable.getKey(), variable.getValue().asString());
        }
        return new StartMessage(Map.copyOf(env));
    }

    /** The run's environment: these variables over the runner's own. */
    Map<String, String> over(Map<String, String> runnerEnvironment) {
        Map<String, String> merged = new HashMap<>(runnerEnvironment);
        merged.putAll(env);
        return merged;
    }
}
