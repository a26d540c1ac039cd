package dev.runway.controlplane.loops;

import java.time.Duration;

/** One background job of the control plane, run again and again by {@link BackgroundLoops}. */
public interface BackgroundLoop {

    /** One pass. Throwing is logged and the loop goes on. */
    void runOnce();

    Duration interval();
}
