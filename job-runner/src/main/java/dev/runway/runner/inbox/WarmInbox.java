package dev.runway.runner.inbox;

import java.util.Optional;

/**
 * Where a warm runner ({@code java -jar runway-runner.jar --warm}) takes its start messages from, one at a time and
 * only when it is idle, so a message never waits behind a busy runner while another one idles. Opened by
 * {@link WarmInboxes} from {@code RUNWAY_WARM_INBOX}.
 */
public interface WarmInbox extends AutoCloseable {

    /**
     * Waits for the next message. Empty when there will be none: the inbox ended (stdin at its end) or was closed,
     * in which case a waiting call returns promptly and a message it had just received is given back.
     */
    Optional<InboxMessage> next() throws InterruptedException;

    /** Stops: a {@link #next()} waiting on another thread returns empty. Safe to call more than once. */
    @Override
    void close();
}
