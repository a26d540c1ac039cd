package dev.runway.controlplane.launch.cloudrun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads the fields of a Cloud Run template, refusing a wrong one with a message naming it, as a run's crash says. */
final class TemplateFields {

    static final List<String> EGRESS = List.of("ALL_TRAFFIC", "PRIVATE_RANGES_ONLY");
    private static final Pattern REGION_OR_PROJECT = Pattern.compile("[a-z][a-z0-9-]{1,62}");

    private TemplateFields() {
    }

    /** Refuses a template field the template's kind does not have, naming those it has. */
    static void checkKnown(ObjectNode t, List<String> known, String kind) {
        for (String name : t.propertyNames()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("job template field '" + name + "' is unknown; a " + kind
                        + " template has " + String.join(", ", known));
            }
        }
    }

    /** A short digest of a template's shape, for a label value that says which template a resource was made from. */
    static String hash(String shape) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * The id of a resource Runway names after a work pool: {@code <head>-<pool>[-<tail>]}, the pool's name cleaned to
     * lowercase letters, digits and - and shortened so the id fits Cloud Run's 49 characters.
     */
    static String resourceId(String head, String pool, String tail) {
        String cleanPool = pool.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        int room = 49 - head.length() - 1 - (tail.isEmpty() ? 0 : tail.length() + 1);
        if (cleanPool.length() > room) {
            cleanPool = cleanPool.substring(0, Math.max(room, 0)).replaceAll("-+$", "");
        }
        StringBuilder id = new StringBuilder(head);
        if (!cleanPool.isEmpty()) {
            id.append('-').append(cleanPool);
        }
        if (!tail.isEmpty()) {
            id.append('-').append(tail);
        }
        return id.toString();
    }

    /** The template's project, else {@code runway.cloud-run.project}. */
    static String project(ObjectNode t, CloudRunProperties defaults) {
        String project = text(t, "project", defaults.project());
        require(project, "project", "runway.cloud-run.project");
        check(REGION_OR_PROJECT.matcher(project).matches(), "project", "'" + project + "' is not a project id");
        return project;
    }

    /** The template's region, else {@code runway.cloud-run.region}. */
    static String region(ObjectNode t, CloudRunProperties defaults) {
        String region = text(t, "region", defaults.region());
        require(region, "region", "runway.cloud-run.region");
        check(REGION_OR_PROJECT.matcher(region).matches(), "region", "'" + region + "' is not a region");
        return region;
    }

    static String text(ObjectNode t, String field, String fallback) {
        JsonNode value = t.get(field);
        if (value == null || value.isNull()) {
            return fallback == null || fallback.isBlank() ? null : fallback;
        }
        check(value.isString() && !value.asString().isBlank(), field, "must be a non-empty string");
        return value.asString();
    }

    static int integer(ObjectNode t, String field, int fallback) {
        JsonNode value = t.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        check(value.isIntegralNumber() && value.canConvertToInt(), field, "must be a whole number");
        return value.intValue();
    }

    static Map<String, String> env(ObjectNode t) {
        JsonNode value = t.get("env");
        Map<String, String> env = new LinkedHashMap<>();
        if (value == null || value.isNull()) {
            return env;
        }
        check(value.isObject(), "env", "must be an object of names to string values");
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            check(entry.getKey().matches("[A-Za-z_][A-Za-z0-9_]*"), "env", "'" + entry.getKey()
                    + "' is not an environment variable name");
            check(!entry.getKey().startsWith("RUNWAY_"), "env", "'" + entry.getKey()
                    + "': RUNWAY_* variables are set by Runway for each run");
            check(entry.getValue().isString(), "env", "'" + entry.getKey() + "' must be a string");
            env.put(entry.getKey(), entry.getValue().asString());
        }
        return env;
    }

    static List<String> args(ObjectNode t) {
        JsonNode value = t.get("args");
        List<String> args = new ArrayList<>();
        if (value == null || value.isNull()) {
            return args;
        }
        check(value.isArray(), "args", "must be an array of strings");
        for (JsonNode arg : value) {
            check(arg.isString(), "args", "must be an array of strings");
            args.add(arg.asString());
        }
        return args;
    }

    static void require(String value, String field, String property) {
        check(value != null, field, "is missing" + (property == null ? "" : " (and " + property + " is not set)"));
    }

    static void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("job template field '" + field + "' " + problem);
        }
    }
}
