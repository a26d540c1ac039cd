package dev.runway.model.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class ScheduleIdTest {

    private static final ScheduleSpec NINE = new ScheduleSpec("0 9 * * *", "Europe/Paris", null, null,
            object("{\"rows\":10,\"seed\":1}"), null, null, null);

    @Test
    void theSameDeclarationHasTheSameIdWrittenAnyWay() {
        ScheduleSpec reordered = new ScheduleSpec("0 9 * * *", "Europe/Paris", null, null,
                object("{\"seed\":1,\"rows\":10}"), true, "LATEST", "allow");

        assertThat(ScheduleId.of(NINE)).matches("[0-9a-f]{12}").isEqualTo(ScheduleId.of(reordered));
        assertThat(ScheduleId.of(ScheduleSpec.cron("0 9 * * *", null))).isEqualTo(ScheduleId.of(ScheduleSpec.cron(
                "0 9 * * *", "UTC")));
    }

    @Test
    void pausingOrChangingItsPoliciesKeepsTheIdButChangingWhenOrWithWhatMakesAnother() {
        ScheduleSpec paused = new ScheduleSpec("0 9 * * *", "Europe/Paris", null, null, object("{\"rows\":10,\"seed\":1}"),
                false, "all", "queue");

        assertThat(ScheduleId.of(paused)).isEqualTo(ScheduleId.of(NINE));
        assertThat(ScheduleId.of(NINE)).isNotEqualTo(ScheduleId.of(new ScheduleSpec("0 10 * * *", "Europe/Paris", null,
                null, NINE.parameters(), null, null, null)));
        assertThat(ScheduleId.of(NINE)).isNotEqualTo(ScheduleId.of(new ScheduleSpec("0 9 * * *", "Europe/Berlin", null,
                null, NINE.parameters(), null, null, null)));
        assertThat(ScheduleId.of(NINE)).isNotEqualTo(ScheduleId.of(new ScheduleSpec("0 9 * * *", "Europe/Paris", null,
                null, object("{\"rows\":11,\"seed\":1}"), null, null, null)));
        assertThat(ScheduleId.of(ScheduleSpec.interval("PT1H", null)))
                .isNotEqualTo(ScheduleId.of(ScheduleSpec.interval("PT1H", "2026-01-01T00:30")));
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
