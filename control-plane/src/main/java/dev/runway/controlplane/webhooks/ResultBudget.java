package dev.runway.controlplane.webhooks;

import dev.runway.model.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The bytes of JSON a template's result may still take, spent while it is built: a template of a few
 * kilobytes that repeats {@code {{ body }}} must not make gigabytes out of a large body before anyone
 * measures it. Writing a value stops as soon as it would go over, so the work is bounded too.
 */
final class ResultBudget {

    /** The result would take more than the budget. */
    static final class Exceeded extends RuntimeException {
        Exceeded() {
            super(null, null, false, false);
        }
    }

    private final long max;
    private long spent;

    ResultBudget(long max) {
        this.max = max;
    }

    long max() {
        return max;
    }

    /** Spends the bytes of {@code text} as UTF-8 (or fewer: its length in characters, a lower bound). */
    void spend(String text) {
        spend(text.length());
    }

    /** Spends what {@code value} takes as JSON. */
    void spend(JsonNode value) {
        spend(write(value).length);
    }

    /** The JSON text of {@code value}, spent. */
    String json(JsonNode value) {
        byte[] json = write(value);
        spend(json.length);
        return new String(json, StandardCharsets.UTF_8);
    }

    private void spend(long bytes) {
        spent += bytes;
        if (spent > max) {
            throw new Exceeded();
        }
    }

    private byte[] write(JsonNode value) {
        Bounded out = new Bounded(max - spent);
        try {
            Json.mapper().writeValue(out, value);
        } catch (RuntimeException e) {
            // Jackson may wrap what the stream threw, e.g. when a POJO in the tree was being written
            if (out.overflowed) {
                throw new Exceeded();
            }
            throw e;
        }
        return out.toByteArray();
    }

    /** Keeps at most {@code limit} bytes and refuses the next one. */
    private static final class Bounded extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final long limit;
        private boolean overflowed;

        Bounded(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (bytes.size() + (long) len > limit) {
                overflowed = true;
                throw new Exceeded();
            }
            bytes.write(b, off, len);
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
