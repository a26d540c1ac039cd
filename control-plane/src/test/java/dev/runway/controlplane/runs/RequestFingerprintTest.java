package dev.runway.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.CreateFlowRun;
import dev.runway.model.json.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class RequestFingerprintTest {

    @Test
    void theOrderOfPropertiesAtAnyDepthDoesNotMatter() {
        assertThat(fingerprint("{\"a\":1,\"b\":{\"x\":[1,{\"p\":1,\"q\":2}],\"y\":2}}", null))
                .isEqualTo(fingerprint("{\"b\":{\"y\":2,\"x\":[1,{\"q\":2,\"p\":1}]},\"a\":1}", null));
    }

    @Test
    void noParametersAndEmptyParametersAreTheSameRequest() {
        assertThat(RequestFingerprint.of(new CreateFlowRun(null, " ", null, "k")))
                .isEqualTo(fingerprint("{}", null));
    }

    @Test
    void anyOtherValueMakesAnotherRequest() {
        String base = fingerprint("{\"a\":[1,2]}", null);

        assertThat(fingerprint("{\"a\":[2,1]}", null)).isNotEqualTo(base);
        assertThat(fingerprint("{\"a\":[1,2]}", "named")).isNotEqualTo(base);
        assertThat(RequestFingerprint.of(new CreateFlowRun(object("{\"a\":[1,2]}"), null,
                Instant.parse("2026-11-24T12:00:00Z"), "k"))).isNotEqualTo(base);
    }

    private static String fingerprint(String parameters, String name) {
        return RequestFingerprint.of(new CreateFlowRun(object(parameters), name, null, "k"));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
