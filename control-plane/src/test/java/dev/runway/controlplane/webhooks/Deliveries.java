package dev.runway.controlplane.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deliveries for tests: headers written as name/value pairs, bodies as text. */
final class Deliveries {

    private Deliveries() {
    }

    /** Headers from name, value, name, value…; a name given twice is a header sent twice. */
    static DeliveryHeaders headers(String... namesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
        }
        return DeliveryHeaders.of(headers);
    }

    static byte[] body(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
