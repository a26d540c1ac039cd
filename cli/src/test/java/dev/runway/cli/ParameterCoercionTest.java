package dev.runway.cli;

import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterCoercionTest {

    @Test
    void aNullableTypeIsReadAsItsType() {
        var schema = json("{\"properties\":{\"times\":{\"type\":[\"integer\",\"null\"]},\"name\":{\"type\":[\"null\",\"string\"]}}}");

        var parameters = ParameterCoercion.parameters(schema, null, Map.of("times", "3", "name", "true"));

        assertThat(parameters).isEqualTo(json("{\"times\":3,\"name\":\"true\"}"));
    }

    @Test
    void anEmptyValueStaysAnEmptyString() {
        var schema = json("{\"properties\":{\"times\":{\"type\":\"integer\"}}}");

        assertThat(ParameterCoercion.parameters(schema, null, Map.of("times", ""))).isEqualTo(json("{\"times\":\"\"}"));
    }

    @Test
    void withoutASchemaEverythingIsText() {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("times", "3");

        assertThat(ParameterCoercion.parameters(null, null, pairs)).isEqualTo(json("{\"times\":\"3\"}"));
    }

    @Test
    void leavesTheBaseObjectAsItWas() {
        var base = json("{\"times\":1}");

        ParameterCoercion.parameters(json("{}"), base, Map.of("times", "2"));

        assertThat(base).isEqualTo(json("{\"times\":1}"));
    }
}
