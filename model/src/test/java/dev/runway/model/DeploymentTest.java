package dev.runway.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
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
}
