package dev.runway.controlplane.webhooks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The headers of one webhook delivery, found by name whatever its case (HTTP header names are
 * case-insensitive). A header sent several times keeps all its values, in order: a signature or delivery id
 * sent twice is ambiguous, and whoever reads it decides what that means.
 */
public final class DeliveryHeaders {

    /** A header name as HTTP allows it (RFC 9110 token). */
    static final Pattern NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Map<String, List<String>> byName;

    private DeliveryHeaders(Map<String, List<String>> byName) {
        this.byName = byName;
    }

    /** The headers of a request, each name with its values (as a servlet request or Spring's HttpHeaders has them). */
    public static DeliveryHeaders of(Map<String, ? extends Collection<String>> headers) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        byName.replaceAll((name, values) -> List.copyOf(values));
        return new DeliveryHeaders(byName);
    }

    /** Every value sent for {@code name}, in order; empty when the header is absent. */
    public List<String> values(String name) {
        return byName.getOrDefault(name, List.of());
    }

    static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not an HTTP header name: " + name);
        }
        return name;
    }
}
