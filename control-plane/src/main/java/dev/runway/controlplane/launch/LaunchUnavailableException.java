package dev.runway.controlplane.launch;

import dev.runway.model.StateNames;
import java.time.Duration;

/**
 * A launcher cannot start a runner now (a quota, a rate limit, a 5xx, the network): the run stays PENDING under
 * {@code stateName} and its dispatch is delivered again after {@code retryAfter}; the run is not crashed for it.
 * Any other exception from a launcher means the runner cannot start.
 */
public class LaunchUnavailableException extends RuntimeException {

    private final String stateName;
    private final Duration retryAfter;
    private final boolean mayHaveStarted;

    public LaunchUnavailableException(String stateName, String message, Duration retryAfter, Throwable cause) {
        this(stateName, message, retryAfter, cause, false);
    }

    /**
     * @param mayHaveStarted the infrastructure may have started a runner without saying so (an answer was lost): the
     *                       attempt stays reserved, and the launch that takes it over is told so
     */
    public LaunchUnavailableException(String stateName, String message, Duration retryAfter, Throwable cause,
                                      boolean mayHaveStarted) {
        super(message, cause);
        this.stateName = stateName;
        this.retryAfter = retryAfter;
        this.mayHaveStarted = mayHaveStarted;
    }

    /** The infrastructure failed in a way that may pass: {@code InfrastructurePending}. */
    public LaunchUnavailableException(String message, Duration retryAfter, Throwable cause) {
        this(StateNames.INFRASTRUCTURE_PENDING, message, retryAfter, cause);
    }

    public String stateName() {
        return stateName;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean mayHaveStarted() {
        return mayHaveStarted;
    }
}
