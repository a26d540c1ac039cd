package dev.runway.runner;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a flow's result is serialized on its way to the result store: passes the bytes on while they fit in
 * {@code max} and only counts them after, so a result far over the limit is measured without being held or sent.
 */
final class ResultLimit extends FilterOutputStream {

    private final long max;
    private long size;

    ResultLimit(OutputStream store, long max) {
        super(store);
        this.max = max;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        size += length;
        if (size <= max) {
            out.write(bytes, offset, length);
        }
    }

    /** Throws when the result went over the limit, which makes the store drop what it was given. */
    void check() {
        if (size > max) {
            throw new ResultTooLargeException("the result is " + (size - max) + " bytes over the limit of " + max
                    + " bytes (RUNWAY_RESULT_MAX_BYTES): " + size + " bytes of JSON; nothing was stored");
        }
    }

    static final class ResultTooLargeException extends RuntimeException {
        ResultTooLargeException(String message) {
            super(message);
        }
    }
}
