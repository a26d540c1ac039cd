package dev.runway.controlplane.launch.cloudrun;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a {@code cloud-run-worker-pool} pool runs: a Cloud Run worker pool of {@code instances} warm runners, read and
 * checked from the pool's template. The runners pull their runs from {@code subscription}, which the launcher
 * publishes to through {@code topic}; both default to {@code runway-warm-<pool>}.
 *
 * @param workerPool   the worker pool's id; null: {@code <prefix>-warm-<pool>}
 * @param drainSeconds how long a runner told to stop (SIGTERM) lets its run finish; null: the runner's default (8 s).
 *                     Cloud Run kills an instance 10 s after SIGTERM
 */
record WorkerPoolSpec(String project, String region, String workerPool, String image, String cpu, String memory,
                      int instances, String serviceAccount, String vpcConnector, String vpcEgress,
                      Map<String, String> env, String topic, String subscription, Integer drainSeconds) {

    static final int MAX_INSTANCES = 100;
    static final int MAX_DRAIN_SECONDS = 9;
    private static final Pattern WORKER_POOL_ID = Pattern.compile("[a-z]([a-z0-9-]{0,47}[a-z0-9])?");
    private static final Pattern PUBSUB_ID = Pattern.compile("[A-Za-z][A-Za-z0-9\\-_.~+%]{2,254}");
    private static final List<String> KNOWN = List.of("project", "region", "workerPool", "image", "cpu", "memory",
            "instances", "serviceAccount", "vpcConnector", "vpcEgress", "env", "topic", "subscription", "drainSeconds");

    /** @throws IllegalArgumentException naming the field and what is wrong with it */
    static WorkerPoolSpec of(ObjectNode template, String pool, CloudRunProperties defaults) {
        ObjectNode t = template == null ? JsonNodeFactory.instance.objectNode() : template;
        TemplateFields.checkKnown(t, KNOWN, "cloud-run-worker-pool");
        String workerPool = TemplateFields.text(t, "workerPool", null);
        TemplateFields.check(workerPool == null || WORKER_POOL_ID.matcher(workerPool).matches(), "workerPool",
                "must be 1 to 49 lowercase letters, digits or -, starting with a letter and not ending with -");
        String image = TemplateFields.text(t, "image", null);
        TemplateFields.require(image, "image", null);
        int instances = TemplateFields.integer(t, "instances", 1);
        TemplateFields.check(instances >= 0 && instances <= MAX_INSTANCES, "instances",
                "must be 0 to " + MAX_INSTANCES);
        String egress = TemplateFields.text(t, "vpcEgress", null);
        TemplateFields.check(egress == null || TemplateFields.EGRESS.contains(egress), "vpcEgress",
                "must be one of " + TemplateFields.EGRESS);
        String topic = TemplateFields.text(t, "topic", "runway-warm-" + pool);
        String subscription = TemplateFields.text(t, "subscription", topic);
        TemplateFields.check(PUBSUB_ID.matcher(topic).matches(), "topic", "'" + topic + "' is not a Pub/Sub id");
        TemplateFields.check(PUBSUB_ID.matcher(subscription).matches(), "subscription",
                "'" + subscription + "' is not a Pub/Sub id");
        Integer drainSeconds = t.hasNonNull("drainSeconds") ? TemplateFields.integer(t, "drainSeconds", 0) : null;
        TemplateFields.check(drainSeconds == null || (drainSeconds >= 1 && drainSeconds <= MAX_DRAIN_SECONDS),
                "drainSeconds", "must be 1 to " + MAX_DRAIN_SECONDS + ": Cloud Run kills an instance 10 s after SIGTERM");
        Map<String, String> env = TemplateFields.env(t);
        return new WorkerPoolSpec(TemplateFields.project(t, defaults), TemplateFields.region(t, defaults), workerPool,
                image, TemplateFields.text(t, "cpu", null), TemplateFields.text(t, "memory", null), instances,
                TemplateFields.text(t, "serviceAccount", null), TemplateFields.text(t, "vpcConnector", null), egress,
                env, topic, subscription, drainSeconds);
    }

    /** Its full name: {@code projects/<p>/locations/<r>/workerPools/<id>}. */
    String name(String prefix, String pool) {
        return location() + "/workerPools/" + (workerPool != null ? workerPool : TemplateFields.resourceId(prefix + "-warm", pool, ""));
    }

    String location() {
        return "projects/" + project + "/locations/" + region;
    }

    /** What the runners' {@code RUNWAY_WARM_INBOX} names. */
    String inbox() {
        return "pubsub:projects/" + project + "/subscriptions/" + subscription;
    }

    String egress() {
        return vpcConnector == null ? null : vpcEgress == null ? "PRIVATE_RANGES_ONLY" : vpcEgress;
    }

    /** Changes when anything the worker pool holds changes, its runners' environment {@code runnerEnv} included. */
    String templateHash(Map<String, String> runnerEnv) {
        StringBuilder shape = new StringBuilder(String.join("\u0000", image, String.valueOf(cpu), String.valueOf(memory),
                Integer.toString(instances), String.valueOf(serviceAccount), String.valueOf(vpcConnector),
                String.valueOf(egress())));
        new TreeMap<>(runnerEnv).forEach((name, value) -> shape.append('\u0000').append(name).append('=').append(value));
        return TemplateFields.hash(shape.toString());
    }
}
