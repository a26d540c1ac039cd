package dev.runway.pubsub;

import dev.runway.runner.inbox.WarmInbox;
import dev.runway.runner.inbox.WarmInboxProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code pubsub:projects/<project>/subscriptions/<subscription>}: a {@link PubSubInbox}, on Google's endpoint with the
 * application default credentials, or on the emulator that {@code PUBSUB_EMULATOR_HOST} names (host:port, plaintext,
 * no credentials), as Google's own libraries do. This class names no Google type, so finding it (every warm runner
 * does, at start) loads none of the client library; only opening a {@code pubsub:} inbox does.
 */
public final class PubSubInboxProvider implements WarmInboxProvider {

    private static final String SCHEME = "pubsub";
    private static final Pattern SUBSCRIPTION = Pattern.compile("projects/[^/]+/subscriptions/[^/]+");

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public String form() {
        return "pubsub:projects/<project>/subscriptions/<subscription>";
    }

    @Override
    public WarmInbox open(String location, Map<String, String> environment) {
        String subscription = location.substring(Math.min(location.length(), SCHEME.length() + 1));
        if (!SUBSCRIPTION.matcher(subscription).matches()) {
            throw new IllegalArgumentException("a Pub/Sub inbox is " + form() + ", got '" + location + "'");
        }
        try {
            return PubSubInbox.open(subscription, environment.get("PUBSUB_EMULATOR_HOST"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Pub/Sub for " + subscription + ": " + e.getMessage(), e);
        }
    }
}
