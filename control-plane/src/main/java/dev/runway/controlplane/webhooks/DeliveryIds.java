package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.problem.InvalidInputException;
import java.util.List;
import java.util.Optional;

/**
 * The id a provider gives a delivery and keeps when it sends it again, so that a retry does not start a
 * second run. Taken from the first of a list of headers the delivery has, in order:
 * <ol>
 *     <li>{@code X-GitHub-Delivery}: GitHub (a GUID, kept when a delivery is redelivered);</li>
 *     <li>{@code Idempotency-Key}: GitLab (kept across retries) and the IETF draft of that name;</li>
 *     <li>{@code webhook-id}: the Standard Webhooks convention (Svix and others);</li>
 *     <li>{@code X-Request-Id}: senders with nothing better; last, as proxies may set it per request.</li>
 * </ol>
 * Slack is not in the list: the id it keeps across retries, {@code event_id}, is in the body, not in a
 * header. A header present but empty is passed over; one that is sent twice, longer than
 * {@value #MAX_LENGTH} characters, or not printable ASCII is refused rather than cut or skipped, as a
 * different id would not de-duplicate.
 */
public final class DeliveryIds {

    public static final List<String> DEFAULT_HEADERS = List.of("X-GitHub-Delivery", "Idempotency-Key", "webhook-id",
            "X-Request-Id");
    public static final int MAX_LENGTH = 200;

    /** A delivery's id and the header it came from. */
    public record DeliveryId(String header, String value) {
    }

    private final List<String> headers;

    /** Looks at {@code headers}, in this order. */
    public DeliveryIds(List<String> headers) {
        if (headers.isEmpty()) {
            throw new IllegalArgumentException("name at least one header to take delivery ids from");
        }
        headers.forEach(DeliveryHeaders::requireName);
        this.headers = List.copyOf(headers);
    }

    /** Looks at {@link #DEFAULT_HEADERS}. */
    public static DeliveryIds defaults() {
        return new DeliveryIds(DEFAULT_HEADERS);
    }

    public List<String> headers() {
        return headers;
    }

    /**
     * The delivery's id, or empty when it has none of the headers.
     *
     * @throws InvalidInputException naming the header when its value cannot be an id
     */
    public Optional<DeliveryId> find(DeliveryHeaders delivery) {
        for (String header : headers) {
            List<String> values = delivery.values(header);
            if (values.size() > 1) {
                throw InvalidInputException.of(header, "is sent " + values.size() + " times; a delivery has one id");
            }
            String value = values.isEmpty() ? "" : values.getFirst().strip();
            if (value.isEmpty()) {
                continue;
            }
            if (value.length() > MAX_LENGTH) {
                throw InvalidInputException.of(header, "is " + value.length() + " characters long; at most "
                        + MAX_LENGTH + " are allowed");
            }
            if (!value.chars().allMatch(c -> c >= ' ' && c <= '~')) {
                throw InvalidInputException.of(header, "must be printable ASCII");
            }
            return Optional.of(new DeliveryId(header, value));
        }
        return Optional.empty();
    }
}
