package dev.runway.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * Where a flow's result is serialized: keeps the bytes while they fit in {@code max} and only counts them after, so a
 * result far over the limit is measured without being held in memory.
 */
final class ResultBuffer extends OutputStream {

    private final long max;
    private ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long size;

    ResultBuffer(long max) {
        this.max = max;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        size += length;
        if (size > max) {
            kept = null;
        } else {
            kept.write(bytes, offset, length);
        }
    }

    long size() {
        return size;
    }

    long overLimit() {
        return Math.max(0, size - max);
    }

    /** The serialized result; only while it is within the limit. */
    byte[] bytes() {
        if (kept == null) {
            throw new IllegalStateException("the result is " + overLimit() + " bytes over the limit and was not kept");
        }
        return kept.toByteArray();
    }
}
