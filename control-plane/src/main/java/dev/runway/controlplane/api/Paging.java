package dev.runway.controlplane.api;

/** Checks a listing's {@code offset} and {@code limit}: 400 naming the one out of range. */
final class Paging {

    private Paging() {
    }

    static void check(int offset, int limit, int maxLimit) {
        if (offset < 0) {
            throw new BadRequestException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > maxLimit) {
            throw new BadRequestException("limit", "must be between 1 and " + maxLimit);
        }
    }
}
