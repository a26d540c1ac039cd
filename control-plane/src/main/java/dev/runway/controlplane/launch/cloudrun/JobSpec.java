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

/**
 * What a run of a {@code cloud-run} pool starts from: its job template (the pool's base template with the
 * deployment's job variables over it), read and checked. The fields that shape the Cloud Run job make its
 * {@link #templateHash}: runs whose templates agree on them share one job; the rest ({@code env}, {@code args},
 * {@code timeoutSeconds}, {@code taskCount}) are overrides of each execution.
 *
 * @param job the job's id; null: one named after the pool and the template hash
 */
record JobSpec(String project, String region, String job, String image, String cpu, String memory,
               Integer timeoutSeconds, int maxRetries, String serviceAccount, String vpcConnector, String vpcEgress,
               Map<String, String> env, List<String> args, int taskCount) {

    private static final Pattern JOB_ID = Pattern.compile("[a-z]([a-z0-9-]{0,47}[a-z0-9])?");
    private static final Pattern REGION_OR_PROJECT = Pattern.compile("[a-z][a-z0-9-]{1,62}");
    private static final List<String> EGRESS = List.of("ALL_TRAFFIC", "PRIVATE_RANGES_ONLY");
    private static final List<String> KNOWN = List.of("project", "region", "job", "image", "cpu", "memory",
            "timeoutSeconds", "maxRetries", "serviceAccount", "vpcConnector", "vpcEgress", "env", "args", "taskCount");

    /**
     * @throws IllegalArgumentException naming the field and what is wrong with it, as a run's crash message says
     */
    static JobSpec of(ObjectNode template, CloudRunProperties defaults) {
        ObjectNode t = template == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : template;
        for (String name : t.propertyNames()) {
            if (!KNOWN.contains(name)) {
                throw new IllegalArgumentException("job template field '" + name + "' is unknown; a cloud-run template"
                        + " has " + String.join(", ", KNOWN));
            }
        }
        String project = text(t, "project", defaults.project());
        String region = text(t, "region", defaults.region());
        require(project, "project", "runway.cloud-run.project");
        require(region, "region", "runway.cloud-run.region");
        check(REGION_OR_PROJECT.matcher(project).matches(), "project", "'" + project + "' is not a project id");
        check(REGION_OR_PROJECT.matcher(region).matches(), "region", "'" + region + "' is not a region");
        String job = text(t, "job", null);
        check(job == null || JOB_ID.matcher(job).matches(), "job",
                "must be 1 to 49 lowercase letters, digits or -, starting with a letter and not ending with -");
        String image = text(t, "image", null);
        require(image, "image", null);
        String egress = text(t, "vpcEgress", null);
        check(egress == null || EGRESS.contains(egress), "vpcEgress", "must be one of " + EGRESS);
        int taskCount = integer(t, "taskCount", 1);
        check(taskCount == 1, "taskCount", "must be 1: one runner claims a run");
        Integer timeout = t.has("timeoutSeconds") ? integer(t, "timeoutSeconds", 0) : null;
        check(timeout == null || (timeout >= 1 && timeout <= 7 * 24 * 3600), "timeoutSeconds",
                "must be 1 to 604800 (7 days)");
        int maxRetries = integer(t, "maxRetries", 0);
        check(maxRetries >= 0 && maxRetries <= 10, "maxRetries", "must be 0 to 10");
        return new JobSpec(project, region, job, image, text(t, "cpu", null), text(t, "memory", null), timeout,
                maxRetries, text(t, "serviceAccount", null), text(t, "vpcConnector", null), egress,
                env(t), args(t), taskCount);
    }

    /** The full name of its job; a job Runway names is {@code <prefix>-<pool>-<hash>}. */
    String jobName(String prefix, String pool) {
        String id = job != null ? job : jobId(prefix, pool, templateHash());
        return "projects/" + project + "/locations/" + region + "/jobs/" + id;
    }

    /** The parent of the job, for creating it. */
    String location() {
        return "projects/" + project + "/locations/" + region;
    }

    /** Changes when anything the job itself holds changes: a job carrying another hash is updated. */
    String templateHash() {
        String shape = String.join("\u0000", nullToEmpty(image), nullToEmpty(cpu), nullToEmpty(memory),
                String.valueOf(timeoutSeconds), String.valueOf(maxRetries), nullToEmpty(serviceAccount),
                nullToEmpty(vpcConnector), nullToEmpty(egress()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    String egress() {
        return vpcConnector == null ? null : vpcEgress == null ? "PRIVATE_RANGES_ONLY" : vpcEgress;
    }

    private static String jobId(String prefix, String pool, String hash) {
        String cleanPool = pool.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        int room = 49 - prefix.length() - hash.length() - 2;
        if (cleanPool.length() > room) {
            cleanPool = cleanPool.substring(0, room).replaceAll("-+$", "");
        }
        return cleanPool.isEmpty() ? prefix + "-" + hash : prefix + "-" + cleanPool + "-" + hash;
    }

    private static String text(ObjectNode t, String field, String fallback) {
        JsonNode value = t.get(field);
        if (value == null || value.isNull()) {
            return fallback == null || fallback.isBlank() ? null : fallback;
        }
        check(value.isString() && !value.asString().isBlank(), field, "must be a non-empty string");
        return value.asString();
    }

    private static int integer(ObjectNode t, String field, int fallback) {
        JsonNode value = t.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        check(value.isIntegralNumber() && value.canConvertToInt(), field, "must be a whole number");
        return value.intValue();
    }

    private static Map<String, String> env(ObjectNode t) {
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

    private static List<String> args(ObjectNode t) {
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

    private static void require(String value, String field, String property) {
        check(value != null, field, "is missing" + (property == null ? "" : " (and " + property + " is not set)"));
    }

    private static void check(boolean ok, String field, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("job template field '" + field + "' " + problem);
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
