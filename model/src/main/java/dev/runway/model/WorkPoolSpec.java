package dev.runway.model;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a user declares about a work pool ({@code PUT /api/work-pools/{name}}). Every field but {@code type}
 * may be left out: no template, no concurrency limit, not paused.
 *
 * @param type             {@code process} (the local process launcher) or {@code cloud-run}
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
}
