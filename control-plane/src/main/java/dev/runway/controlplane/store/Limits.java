package dev.runway.controlplane.store;

/**
 * How much of each value a user sends the database can keep: the column sizes of {@code V1__runs.sql}, and
 * Runway's own bounds for what it stores as unbounded text or JSON. Input is checked against these before
 * anything is written, so a long value is a 422 naming its field rather than a database error; docs/api.md
 * lists them, and a store test compares them with the columns.
 */
public final class Limits {

    /** {@code deployments.flow_name}, {@code flow_runs.flow_name}. */
    public static final int FLOW_NAME = 200;
    /** {@code deployments.version}. */
    public static final int VERSION = 100;
    /** {@code deployments.work_pool}. */
    public static final int WORK_POOL = 200;
    /** {@code flow_runs.name}. */
    public static final int RUN_NAME = 200;
    /** {@code flow_runs.idempotency_key}. */
    public static final int IDEMPOTENCY_KEY = 300;
    /** {@code logs.level}; a longer level a runner sends is cut to this. */
    public static final int LOG_LEVEL = 10;
    /** {@code logs.logger}; a longer logger name a runner sends is cut to this. */
    public static final int LOGGER = 300;
    /** {@code flow_runs.state_name}, {@code flow_run_states.name}, {@code task_runs.state_name}. */
    public static final int STATE_NAME = 50;
    /** {@code flow_runs.claimant}. */
    public static final int CLAIMANT = 300;
    /** {@code task_runs.task_key}. */
    public static final int TASK_KEY = 300;

    /** {@code deployments.description} is text; Runway keeps descriptions short enough to list. */
    public static final int DESCRIPTION = 2_000;
    /** Tags are stored as one JSON text; Runway bounds their number and each one's length. */
    public static final int TAGS = 50;
    public static final int TAG = 100;
    /** A retry count that high is a mistake, not a policy. */
    public static final int RETRIES = 100;
    /** A day: a longer wait is a schedule, not a retry. */
    public static final int RETRY_DELAY_SECONDS = 86_400;

    private Limits() {
    }
}
