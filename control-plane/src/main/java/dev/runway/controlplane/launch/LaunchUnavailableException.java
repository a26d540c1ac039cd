package dev.runway.controlplane.launch;

/**
 * A launcher could not ask its infrastructure right now (a quota, a 5xx, the network): the launch is tried again
 * later, and the run is not crashed for it. Any other exception from a launcher means the runner cannot start.
 */
public class LaunchUnavailableException extends RuntimeException {

    public LaunchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
