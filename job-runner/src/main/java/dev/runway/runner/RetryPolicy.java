package dev.runway.runner;

import java.time.Duration;

/**
 * How often and how patiently a call to the control plane is repeated after a transient failure.
 * The delay doubles from {@code firstDelay} up to {@code maxDelay}.
 */
record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    /** About a minute and a half: long enough to ride out a control-plane restart. */
    static final RetryPolicy PATIENT = new RetryPolicy(12, Duration.ofMillis(500), Duration.ofSeconds(10));

    /** For calls that repeat by themselves anyway, like heartbeats. */
    static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

    RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The pause after the {@code failures}-th failed attempt (1-based). */
    Duration delayAfter(int failures) {
        Duration delay = firstDelay.multipliedBy(1L << Math.min(failures - 1, 20));
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
