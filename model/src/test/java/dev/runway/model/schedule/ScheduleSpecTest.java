package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ScheduleSpecTest {

    @Test
    void aSpecLeftMostlyEmptyGetsEveryDefault() {
        ScheduleSpec spec = ScheduleSpec.interval("PT1H", null).withDefaults();

        assertThat(spec).isEqualTo(new ScheduleSpec(null, "UTC", "PT1H", null, Json.mapper().createObjectNode(), true,
                "latest", "allow"));
        assertThat(spec.catchUpPolicy()).isEqualTo(CatchUpPolicy.LATEST);
        assertThat(spec.overlapPolicy()).isEqualTo(OverlapPolicy.ALLOW);
    }

    @Test
    void policiesAreReadInAnyCaseAndStoredInLowerCase() {
        ScheduleSpec spec = new ScheduleSpec("0 9 * * *", "Europe/Paris", null, null, null, false, "All", "QUEUE")
                .withDefaults();

        assertThat(spec.catchUp()).isEqualTo("all");
        assertThat(spec.overlap()).isEqualTo("queue");
        assertThat(spec.catchUpPolicy()).isEqualTo(CatchUpPolicy.ALL);
        assertThat(spec.overlapPolicy()).isEqualTo(OverlapPolicy.QUEUE);
        assertThat(spec.active()).isFalse();
    }

    @Test
    void anUnknownPolicyIsAnErrorWhenAskedFor() {
        ScheduleSpec spec = new ScheduleSpec("0 9 * * *", null, null, null, null, null, "sometimes", "wait");

        assertThatThrownBy(spec::catchUpPolicy).hasMessageContaining("'sometimes'");
        assertThatThrownBy(spec::overlapPolicy).hasMessageContaining("'wait'");
    }

    @Test
    void onTheWireASpecIsTheFieldsAUserWritesAndReadsBackTheSame() {
        String json = """
                {"cron": "0 9 * * MON-FRI", "timezone": "Europe/Paris", "parameters": {"rows": 10},
                 "active": false, "catchUp": "all", "overlap": "skip", "comment": "ignored"}""";

        ScheduleSpec spec = Json.mapper().readValue(json, ScheduleSpec.class);
        JsonNode wire = Json.mapper().valueToTree(spec.withDefaults());

        assertThat(spec).isEqualTo(new ScheduleSpec("0 9 * * MON-FRI", "Europe/Paris", null, null,
                Json.mapper().createObjectNode().put("rows", 10), false, "all", "skip"));
        assertThat(wire.propertyNames()).containsExactly("cron", "timezone", "interval", "anchor", "parameters",
                "active", "catchUp", "overlap");
        assertThat(Json.mapper().treeToValue(wire, ScheduleSpec.class)).isEqualTo(spec.withDefaults());
    }
}
