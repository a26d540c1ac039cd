package dev.runway.controlplane.api;

import java.io.IOException;

/**
 * A request body longer than {@code runway.api.max-request-bytes}: an {@link IOException}, because it is what
 * reading the body throws, so every reader (Jackson, a filter) stops there; the API answers 413.
 */
class RequestBodyTooLargeException extends IOException {

    private final long limit;

    RequestBodyTooLargeException(long limit) {
        super("the request body is longer than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
