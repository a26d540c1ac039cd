package dev.runway.runner;

/** The control plane refused a call, or could not be reached even after retrying. */
class ControlPlaneException extends RuntimeException {

    ControlPlaneException(String message) {
        super(message);
    }

    ControlPlaneException(String message, Throwable cause) {
        super(message, cause);
    }
}
