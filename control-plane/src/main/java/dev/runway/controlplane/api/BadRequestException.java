package dev.runway.controlplane.api;

/** A query parameter or path segment the API cannot read: 400 naming it. */
class BadRequestException extends RuntimeException {

    private final String field;
    private final String reason;

    BadRequestException(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    String field() {
        return field;
    }

    String reason() {
        return reason;
    }
}
