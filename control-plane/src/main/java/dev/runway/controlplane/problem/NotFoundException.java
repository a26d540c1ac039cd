package dev.runway.controlplane.problem;

/** The API answers 404 with this message. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
