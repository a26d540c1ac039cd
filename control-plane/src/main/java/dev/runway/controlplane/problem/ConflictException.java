package dev.runway.controlplane.problem;

/** The request is valid but the resource's state refuses it: the API answers 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
