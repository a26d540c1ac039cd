package dev.runway.runner.inbox;

import java.util.Map;

/**
 * Opens the inboxes of one scheme, the part of {@code RUNWAY_WARM_INBOX} before its first {@code :} (all of it when
 * there is none). Found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.runway.runner.inbox.WarmInboxProvider}), so an inbox joins by being on the class path.
 * Implementations keep their construction cheap and load their libraries only in {@link #open}: every warm runner
 * finds all providers at start.
 */
public interface WarmInboxProvider {

    /** The scheme this provider answers, e.g. {@code stdin}. */
    String scheme();

    /** What an inbox of this scheme looks like, for error messages, e.g. {@code pubsub:projects/<p>/subscriptions/<s>}. */
    String form();

    /**
     * The inbox {@code location} names, whose scheme is {@link #scheme()}.
     *
     * @param environment the runner's environment, e.g. {@code PUBSUB_EMULATOR_HOST}
     * @throws IllegalArgumentException when the location is not a valid inbox of this scheme, saying why
     */
    WarmInbox open(String location, Map<String, String> environment);
}
