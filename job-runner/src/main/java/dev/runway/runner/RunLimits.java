package dev.runway.runner;

/**
 * How much of a run the control plane is sent.
 *
 * @param maxLogLines    log lines shipped per run; past it the run's logs end with a line saying how many were left out
 * @param maxResultBytes the largest JSON result stored; a larger one fails the run
 */
record RunLimits(long maxLogLines, long maxResultBytes) {

    static final RunLimits DEFAULT = new RunLimits(100_000, 10L * 1024 * 1024);

    RunLimits {
        if (maxLogLines < 1 || maxResultBytes < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
    }
}
