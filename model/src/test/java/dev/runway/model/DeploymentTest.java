package dev.runway.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class DeploymentTest {

    private static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void aSpecLeftMostlyEmptyGetsEveryDefault() {
        DeploymentSpec spec = new DeploymentSpec(null, "hello", null, null, null, null, null, null, null, null, null, null)
                .withDefaults("greet");

        assertThat(spec).isEqualTo(new DeploymentSpec("greet", "hello", null, null, Json.mapper().createObjectNode(),
                Json.mapper().createObjectNode(), List.of(), "local", false, 0, 10, Json.mapper().createObjectNode()));
    }

    @Test
    void onTheWireADeploymentIsOneFlatObjectAndReadsBackTheSame() {
        Deployment deployment = new Deployment(UUID.randomUUID(), new DeploymentSpec("greet", "hello", "says hello", "1",
                Json.mapper().createObjectNode().put("name", "World"), Json.mapper().createObjectNode(), List.of("example"),
                "local", false, 2, 10, Json.mapper().createObjectNode().put("memory", "2Gi")).withDefaults("greet"),
                T0, T0.plusSeconds(1));

        String json = Json.mapper().writeValueAsString(deployment);
        JsonNode wire = Json.mapper().readTree(json);

        assertThat(wire.propertyNames()).containsExactly("id", "name", "flowName", "description", "version", "parameters",
                "parameterSchema", "tags", "workPool", "paused", "retries", "retryDelaySeconds", "jobVariables", "schedules",
                "createdAt", "updatedAt");
        assertThat(wire.get("jobVariables").get("memory").asString()).isEqualTo("2Gi");
        assertThat(wire.get("retries").asInt()).isEqualTo(2);
        assertThat(Json.mapper().readValue(json, Deployment.class)).isEqualTo(deployment);
    }

    @Test
    void anUpsertAnswerIsTheDeploymentWithItsWarningsBeside() {
        Deployment deployment = new Deployment(UUID.randomUUID(),
                new DeploymentSpec(null, "hello", null, null, null, null, null, null, null, null, null, null).withDefaults("greet"),
                T0, T0);

        JsonNode wire = Json.mapper().valueToTree(new UpsertedDeployment(deployment, List.of("flow 'hello' was not checked")));

        assertThat(wire.get("name").asString()).isEqualTo("greet");
        assertThat(wire.get("warnings").get(0).asString()).contains("not checked");
        assertThat(Json.mapper().treeToValue(wire, Deployment.class)).isEqualTo(deployment);
    }

    @Test
    void aScheduleThatLeavesActiveOutIsAsPausedAsTheSameScheduleIsNow() {
        ScheduleSpec nine = ScheduleSpec.cron("0 9 * * *", "UTC");
        ScheduleSpec ten = ScheduleSpec.cron("0 10 * * *", "UTC");
        DeploymentSpec declared = new DeploymentSpec(null, "hello", null, null, null, null, null, null, null, null, null,
                null, List.of(nine, ten, ScheduleSpec.cron("0 11 * * *", "UTC").withActive(true)));

        DeploymentSpec resolved = declared.withSchedulesActiveAs(List.of(nine.withDefaults().withActive(false),
                ScheduleSpec.cron("0 11 * * *", "UTC").withDefaults().withActive(false))).withDefaults("greet");

        assertThat(resolved.schedules()).extracting(ScheduleSpec::active).containsExactly(false, true, true);
        assertThat(resolved.schedules().getFirst().catchUp()).isEqualTo("latest");
    }

    @Test
    void aRunMadeByAScheduleNamesItOnTheWire() {
        Deployment deployment = new Deployment(UUID.randomUUID(),
                new DeploymentSpec(null, "hello", null, null, null, null, null, null, null, null, null, null).withDefaults("greet"),
                T0, T0);
        FlowRun bySchedule = FlowRun.scheduled(UUID.randomUUID(), "greet-1", deployment, Json.mapper().createObjectNode(),
                T0, "schedule:0a1b2c3d4e5f:" + T0, FlowRun.bySchedule("0a1b2c3d4e5f"), T0);
        FlowRun manual = FlowRun.scheduled(UUID.randomUUID(), "greet-2", deployment, Json.mapper().createObjectNode(),
                T0, null, "manual", T0);

        JsonNode wire = Json.mapper().valueToTree(bySchedule);

        assertThat(wire.get("scheduleId").asString()).isEqualTo("0a1b2c3d4e5f");
        assertThat(wire.get("createdBy").asString()).isEqualTo("schedule:0a1b2c3d4e5f");
        assertThat(Json.mapper().treeToValue(wire, FlowRun.class)).isEqualTo(bySchedule);
        assertThat(manual.scheduleId()).isNull();
        assertThat(Json.mapper().valueToTree(manual).get("scheduleId").isNull()).isTrue();
    }
}
