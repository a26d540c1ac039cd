package dev.runway.controlplane.loops;

import java.time.Duration;
import java.util.Optional;

/** One background job of the control plane, run again and again by {@link BackgroundLoops}. */
public interface BackgroundLoop {

    /** One pass. Throwing is logged and the loop goes on. */
    void runOnce();

    Duration interval();

    /**
     * Asked after each pass: how soon the next pass is wanted when that is before {@link #interval()} (e.g. when the
     * next run falls due). Empty: at the interval.
     */
    default Optional<Duration> untilNextPass() {
        return Optional.empty();
    }
}
