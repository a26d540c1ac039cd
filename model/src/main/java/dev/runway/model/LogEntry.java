package dev.runway.model;

import java.time.Instant;
import java.util.UUID;

/** One log line of a run, written by flow code through SLF4J and shipped by the runner. */
public record LogEntry(Instant timestamp, String level, String logger, String message, UUID taskRunId) {

    /**
     * Characters of one message that are kept, by the runner and again by the control plane: well inside a
     * batch's byte limit even at three bytes a character, and a bound on what one line can cost to store.
     */
    public static final int MAX_MESSAGE_CHARS = 32 * 1024;

    /** {@code message} cut to {@link #MAX_MESSAGE_CHARS}, saying how much was cut. */
    public static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_CHARS) + " … [" + (message.length() - MAX_MESSAGE_CHARS)
                + " more characters cut]";
    }
}
