package dev.runway.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ParameterValidatorTest {

    private static final JsonNode SCHEMA = json("""
            {"type":"object","additionalProperties":false,
             "required":["rows"],
             "properties":{
               "name":{"type":"string"},
               "rows":{"type":"integer"},
               "ratio":{"type":"number"},
               "dryRun":{"type":"boolean"},
               "mode":{"type":"string","enum":["FAST","SAFE"]},
               "items":{"type":"array","items":{"type":"integer"}},
               "options":{"type":"object","additionalProperties":false,"required":["limit"],
                          "properties":{"limit":{"type":"integer"}}},
               "extra":{"type":"object"}}}
            """);

    private final ParameterValidator validator = new ParameterValidator(SCHEMA);

    @Test
    void acceptsParametersThatFit() {
        assertThat(validator.validate(json("""
                {"name":"Ada","rows":10,"ratio":0.5,"dryRun":true,"mode":"SAFE","items":[1,2],
                 "options":{"limit":3},"extra":{"anything":[1,"two"]}}
                """))).isEmpty();
    }

    @Test
    void acceptsAWholeNumberWrittenWithADecimalPointAsAnInteger() {
        assertThat(validator.validate(json("{\"rows\":3.0}"))).isEmpty();
    }

    @Test
    void namesEachFieldWithTheWrongType() {
        assertThat(validator.validate(json("""
                {"name":5,"rows":"ten","ratio":"half","dryRun":"yes","items":"1,2"}
                """))).containsExactly(
                new FieldError("name", "must be a string"),
                new FieldError("rows", "must be an integer"),
                new FieldError("ratio", "must be a number"),
                new FieldError("dryRun", "must be true or false"),
                new FieldError("items", "must be a list"));
    }

    @Test
    void refusesAFractionForAnInteger() {
        assertThat(validator.validate(json("{\"rows\":2.5}")))
                .containsExactly(new FieldError("rows", "must be an integer"));
    }

    @Test
    void reportsAMissingRequiredParameter() {
        assertThat(validator.validate(json("{\"name\":\"Ada\"}")))
                .containsExactly(new FieldError("rows", "is required"));
    }

    @Test
    void treatsNullAsAbsent() {
        assertThat(validator.validate(json("{\"rows\":null,\"name\":null}")))
                .containsExactly(new FieldError("rows", "is required"));
    }

    @Test
    void refusesAParameterTheFlowDoesNotHave() {
        List<FieldError> errors = validator.validate(json("{\"rows\":1,\"colour\":\"red\"}"));

        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("colour");
            assertThat(error.message()).startsWith("is not a parameter of this flow (known: name, rows");
        });
    }

    @Test
    void namesNestedFieldsWithDotsAndListElementsWithIndexes() {
        assertThat(validator.validate(json("""
                {"rows":1,"items":[1,2,"three"],"options":{"limit":"many","unit":"s"}}
                """))).containsExactly(
                new FieldError("items[2]", "must be an integer"),
                new FieldError("options.limit", "must be an integer"),
                new FieldError("options.unit", "is not a field of options (known: limit)"));
    }

    @Test
    void listsTheAllowedValuesOfAnEnum() {
        assertThat(validator.validate(json("{\"rows\":1,\"mode\":\"SLOW\"}")))
                .containsExactly(new FieldError("mode", "must be one of: FAST, SAFE"));
    }

    @Test
    void refusesParametersThatAreNotAnObject() {
        assertThat(validator.validate(json("[1,2]")))
                .containsExactly(new FieldError("", "must be an object"));
    }

    @Test
    void anObjectWithoutPropertiesTakesAnything() {
        ParameterValidator open = new ParameterValidator(json("{\"type\":\"object\"}"));

        assertThat(open.validate(json("{\"a\":1,\"b\":{\"c\":[true]}}"))).isEmpty();
    }

    @Test
    void errorsCanBeReportedUnderTheRequestField() {
        assertThat(new FieldError("rows", "is required").under("parameters").field()).isEqualTo("parameters.rows");
        assertThat(new FieldError("", "must be an object").under("parameters").field()).isEqualTo("parameters");
        assertThat(new FieldError("[2]", "must be an integer").under("items").field()).isEqualTo("items[2]");
    }

    private static JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
