package dev.runway.controlplane.api;

import java.io.IOException;

/**
 * A request body longer than its limit ({@code runway.api.max-request-bytes}, for webhooks
 * {@code runway.webhooks.max-body-bytes}): an {@link IOException}, because it is what
 * reading the body throws, so every reader (Jackson, a filter) stops there; the API answers 413.
 */
class RequestBodyTooLargeException extends IOException {

    private final long limit;
    private final String setting;

    /** @param setting the setting the limit comes from, for the answer */
    RequestBodyTooLargeException(long limit, String setting) {
        super("the request body is longer than " + limit + " bytes");
        this.limit = limit;
        this.setting = setting;
    }

    long limit() {
        return limit;
    }

    String setting() {
        return setting;
    }
}
