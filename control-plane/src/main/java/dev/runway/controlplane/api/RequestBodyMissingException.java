package dev.runway.controlplane.api;

/** An empty or {@code null} body where the endpoint needs one: the API answers 400. */
class RequestBodyMissingException extends RuntimeException {

    private final boolean array;

    /** @param array whether the endpoint takes a JSON array (a batch) rather than an object */
    RequestBodyMissingException(boolean array) {
        super("a JSON body is required");
        this.array = array;
    }

    boolean array() {
        return array;
    }
}
