package dev.runway.model;

/** State names that carry meaning beyond their type. */
public final class StateNames {
    /** SCHEDULED past its expected start time and not yet dispatched. */
    public static final String LATE = "Late";
    /** SCHEDULED again after a failure, waiting for the retry delay. */
    public static final String AWAITING_RETRY = "AwaitingRetry";
    /** RUNNING on a second or later attempt. */
    public static final String RETRYING = "Retrying";
    /** COMPLETED from a cached result without running. */
    public static final String CACHED = "Cached";
    /** FAILED because it ran longer than its timeout. */
    public static final String TIMED_OUT = "TimedOut";
    /** PENDING, not launched: its work pool already runs as many runs as its concurrency limit allows. */
    public static final String AWAITING_CONCURRENCY_SLOT = "AwaitingConcurrencySlot";
    /** PENDING, not launched: its work pool is paused. */
    public static final String WORK_POOL_PAUSED = "WorkPoolPaused";
    /** PENDING, not launched: the infrastructure could not be asked for a runner yet; tried again. */
    public static final String INFRASTRUCTURE_PENDING = "InfrastructurePending";
    /** PENDING, not launched: the launcher paces its calls to the infrastructure (a quota) and this run's turn is later. */
    public static final String LAUNCH_RATE_LIMITED = "LaunchRateLimited";
    /** PENDING, not launched: the launcher runs as many at once as it is allowed to (e.g. Cloud Run executions). */
    public static final String AWAITING_INFRASTRUCTURE_SLOT = "AwaitingInfrastructureSlot";
    /** PENDING, not launched: every instance of its warm work pool is running a flow; the next one free takes it. */
    public static final String AWAITING_WARM_WORKER = "AwaitingWarmWorker";

    /** CANCELLED, never run: its schedule's catch-up policy passed over it after it was missed (control plane down, deployment or schedule paused). */
    public static final String MISSED = "Missed";
    /** CANCELLED, never run: its schedule's overlap policy skipped it while the schedule's previous run was still going. */
    public static final String SKIPPED = "Skipped";
    /** SCHEDULED past its start: its schedule's overlap policy {@code queue} keeps it until the previous run ends. */
    public static final String AWAITING_PREVIOUS = "AwaitingPrevious";

    /** The names a PENDING run waits under before it is launched, each saying why. */
    public static final java.util.List<String> WAITING = java.util.List.of(AWAITING_CONCURRENCY_SLOT, WORK_POOL_PAUSED,
            INFRASTRUCTURE_PENDING, LAUNCH_RATE_LIMITED, AWAITING_INFRASTRUCTURE_SLOT, AWAITING_WARM_WORKER);

    private StateNames() {
    }
}
