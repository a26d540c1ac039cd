package dev.runway.model;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a user declares about a work pool ({@code PUT /api/work-pools/{name}}). Every field but {@code type}
 * may be left out: no template, no concurrency limit, not paused.
 *
 * @param type             {@code process} (a runner process per run, on the control plane's machine), {@code cloud-run}
 *                         (a Cloud Run job execution per run), or one of the warm lanes, whose long-lived runners take
 *                         runs one after another: {@code process-warm} (runner processes on the control plane's
 *                         machine) and {@code cloud-run-worker-pool} (a Cloud Run worker pool)
 * @param baseJobTemplate  the infrastructure template its runs start from (for Cloud Run: job name, region,
 *                         image, resources, timeout, env, VPC connector); a deployment's job variables override it
 *                         ({@link JobTemplate#merge}). A {@code process} pool reads only {@code env}, an object of
 *                         strings: environment variables its runners get after {@code runway.launcher.env}'s and
 *                         before the run's {@code RUNWAY_*} ones, which they cannot replace
 * @param concurrencyLimit the most runs of the pool launched at once; null: no limit
 * @param paused           a paused pool launches nothing: its runs wait PENDING
 */
public record WorkPoolSpec(String type, ObjectNode baseJobTemplate, Integer concurrencyLimit, Boolean paused) {

    public static final String PROCESS = "process";
    public static final String CLOUD_RUN = "cloud-run";
    public static final String PROCESS_WARM = "process-warm";
    public static final String CLOUD_RUN_WORKER_POOL = "cloud-run-worker-pool";

    /** Whether a pool of this type keeps runners that take its runs one after another. */
    public static boolean isWarm(String type) {
        return PROCESS_WARM.equals(type) || CLOUD_RUN_WORKER_POOL.equals(type);
    }

    /** Whether runs of a pool of this type run the control plane's own runner jar, on its machine. */
    public static boolean runsLocally(String type) {
        return PROCESS.equals(type) || PROCESS_WARM.equals(type);
    }
}
