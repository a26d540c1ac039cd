package dev.runway.controlplane.launch.cloudrun;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
    private static final List<String> KNOWN = List.of("project", "region", "job", "image", "cpu", "memory",
            "timeoutSeconds", "maxRetries", "serviceAccount", "vpcConnector", "vpcEgress", "env", "args", "taskCount");

    /**
     * @throws IllegalArgumentException naming the field and what is wrong with it, as a run's crash message says
     */
    static JobSpec of(ObjectNode template, CloudRunProperties defaults) {
        ObjectNode t = template == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode() : template;
        TemplateFields.checkKnown(t, KNOWN, "cloud-run");
        String project = TemplateFields.project(t, defaults);
        String region = TemplateFields.region(t, defaults);
        String job = TemplateFields.text(t, "job", null);
        TemplateFields.check(job == null || JOB_ID.matcher(job).matches(), "job",
                "must be 1 to 49 lowercase letters, digits or -, starting with a letter and not ending with -");
        String image = TemplateFields.text(t, "image", null);
        TemplateFields.require(image, "image", null);
        String egress = TemplateFields.text(t, "vpcEgress", null);
        TemplateFields.check(egress == null || TemplateFields.EGRESS.contains(egress), "vpcEgress",
                "must be one of " + TemplateFields.EGRESS);
        int taskCount = TemplateFields.integer(t, "taskCount", 1);
        TemplateFields.check(taskCount == 1, "taskCount", "must be 1: one runner claims a run");
        Integer timeout = t.has("timeoutSeconds") ? TemplateFields.integer(t, "timeoutSeconds", 0) : null;
        TemplateFields.check(timeout == null || (timeout >= 1 && timeout <= 7 * 24 * 3600), "timeoutSeconds",
                "must be 1 to 604800 (7 days)");
        int maxRetries = TemplateFields.integer(t, "maxRetries", 0);
        TemplateFields.check(maxRetries >= 0 && maxRetries <= 10, "maxRetries", "must be 0 to 10");
        return new JobSpec(project, region, job, image, TemplateFields.text(t, "cpu", null),
                TemplateFields.text(t, "memory", null), timeout, maxRetries, TemplateFields.text(t, "serviceAccount", null),
                TemplateFields.text(t, "vpcConnector", null), egress, TemplateFields.env(t), TemplateFields.args(t),
                taskCount);
    }

    /** The full name of its job; a job Runway names is {@code <prefix>-<pool>-<hash>}. */
    String jobName(String prefix, String pool) {
        String id = job != null ? job : TemplateFields.resourceId(prefix, pool, templateHash());
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
        return TemplateFields.hash(shape);
    }

    String egress() {
        return vpcConnector == null ? null : vpcEgress == null ? "PRIVATE_RANGES_ONLY" : vpcEgress;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
