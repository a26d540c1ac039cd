package dev.runway.controlplane.launch.cloudrun;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces {@code RunJob} calls evenly at a rate. A call whose turn comes within {@code maxWait} takes it; a later one
 * is told when to come back instead, and that time is promised: later arrivals are told to come after it, so under a
 * long burst runs start in the order they first asked and each is handed back about once, not on every pass.
 */
final class RunJobPacer {

    /** Go after {@code delay}, or come back after {@code retryAfter}; one of them is null. */
    record Turn(Duration delay, Duration retryAfter) {
        boolean granted() {
            return delay != null;
        }
    }

    private final Duration interval;
    private final Duration maxWait;
    private final Clock clock;
    private Instant nextFree;
    private Instant lastPromised;

    RunJobPacer(int perMinute, Duration maxWait, Clock clock) {
        this.interval = Duration.ofMinutes(1).dividedBy(perMinute);
        this.maxWait = maxWait;
        this.clock = clock;
        this.nextFree = Instant.MIN;
        this.lastPromised = Instant.MIN;
    }

    synchronized Turn take() {
        Instant now = clock.instant();
        Instant slot = later(now, nextFree);
        if (!slot.isAfter(now.plus(maxWait))) {
            nextFree = slot.plus(interval);
            return new Turn(Duration.between(now, slot), null);
        }
        lastPromised = later(slot, lastPromised.plus(interval));
        return new Turn(null, Duration.between(now, lastPromised));
    }

    /** Cloud Run said the quota is spent: nobody calls for {@code pause}. */
    synchronized void pause(Duration pause) {
        nextFree = later(nextFree, clock.instant().plus(pause));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
