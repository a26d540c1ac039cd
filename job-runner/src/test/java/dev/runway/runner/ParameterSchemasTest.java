package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ParameterSchemasTest {

    enum Mode { FAST, SAFE }

    record Options(long limit, Mode mode) {
    }

    record Everything(String name, int rows, Integer maybeRows, long big, double ratio, float small,
                      BigDecimal amount, boolean dryRun, Boolean maybe, List<String> tags, int[] numbers,
                      Mode mode, Options options, Map<String, Object> extra, JsonNode raw, Object anything,
                      Instant at) {
    }

    public static class Bean {
        private String name;
        private int count;
        private String hidden;
        public boolean flag;

        public void setName(String name) {
            this.name = name;
        }

        public void setCount(int count) {
            this.count = count;
        }
    }

    record Tree(String label, List<Tree> children) {
    }

    @Test
    void describesARecordWithEveryKindOfProperty() {
        assertThat(ParameterSchemas.of(Everything.class)).isEqualTo(json("""
                {"type":"object","properties":{
                   "name":{"type":"string"},
                   "rows":{"type":"integer"},
                   "maybeRows":{"type":"integer"},
                   "big":{"type":"integer"},
                   "ratio":{"type":"number"},
                   "small":{"type":"number"},
                   "amount":{"type":"number"},
                   "dryRun":{"type":"boolean"},
                   "maybe":{"type":"boolean"},
                   "tags":{"type":"array","items":{"type":"string"}},
                   "numbers":{"type":"array","items":{"type":"integer"}},
                   "mode":{"type":"string","enum":["FAST","SAFE"]},
                   "options":{"type":"object","properties":{
                       "limit":{"type":"integer"},
                       "mode":{"type":"string","enum":["FAST","SAFE"]}},
                     "required":["limit"],"additionalProperties":false},
                   "extra":{"type":"object"},
                   "raw":{"type":"object"},
                   "anything":{"type":"object"},
                   "at":{"type":"string"}},
                 "required":["rows","big","ratio","small","dryRun"],
                 "additionalProperties":false}
                """));
    }

    @Test
    void describesTheSettablePropertiesOfABean() {
        assertThat(ParameterSchemas.of(Bean.class)).isEqualTo(json("""
                {"type":"object","properties":{
                   "name":{"type":"string"},
                   "count":{"type":"integer"},
                   "flag":{"type":"boolean"}},
                 "required":["count","flag"],
                 "additionalProperties":false}
                """));
    }

    @Test
    void stopsAtATypeThatContainsItself() {
        assertThat(ParameterSchemas.of(Tree.class).at("/properties/children/items")).isEqualTo(json("""
                {"type":"object"}
                """));
    }

    @Test
    void describesPlainValueTypes() {
        assertThat(ParameterSchemas.of(String.class)).isEqualTo(json("{\"type\":\"string\"}"));
        assertThat(ParameterSchemas.of(Long.class)).isEqualTo(json("{\"type\":\"integer\"}"));
        assertThat(ParameterSchemas.of(Map.class)).isEqualTo(json("{\"type\":\"object\"}"));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.mapper().readTree(text);
    }
}
