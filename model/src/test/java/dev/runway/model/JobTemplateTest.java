package dev.runway.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class JobTemplateTest {

    private static final String POOL = """
            {"image": "europe-docker.pkg.dev/acme/runway/runner:1", "region": "europe-west1",
             "cpu": "1", "memory": "512Mi", "timeoutSeconds": 600,
             "env": {"LOG_LEVEL": "info", "REGION": "eu"},
             "args": ["--fast"], "vpcConnector": "projects/acme/locations/europe-west1/connectors/runway"}""";

    @Test
    void noVariablesLeaveTheBaseTemplateAsItIs() {
        assertThat(merge(POOL, "{}")).isEqualTo(json(POOL));
    }

    @Test
    void aScalarReplacesTheBasesAndNewKeysAreAdded() {
        JsonNode merged = merge(POOL, """
                {"memory": "2Gi", "timeoutSeconds": 3600, "serviceAccount": "etl@acme.iam.gserviceaccount.com"}""");

        assertThat(merged.get("memory").asString()).isEqualTo("2Gi");
        assertThat(merged.get("timeoutSeconds").asInt()).isEqualTo(3600);
        assertThat(merged.get("serviceAccount").asString()).isEqualTo("etl@acme.iam.gserviceaccount.com");
        assertThat(merged.get("cpu").asString()).isEqualTo("1");
        assertThat(merged.get("image").asString()).isEqualTo("europe-docker.pkg.dev/acme/runway/runner:1");
    }

    @Test
    void envMergesVariableByVariable() {
        JsonNode merged = merge(POOL, """
                {"env": {"LOG_LEVEL": "debug", "SOURCE": "s3://sales"}}""");

        assertThat(merged.get("env")).isEqualTo(json("""
                {"LOG_LEVEL": "debug", "REGION": "eu", "SOURCE": "s3://sales"}"""));
    }

    @Test
    void objectsMergeAtEveryDepth() {
        JsonNode merged = merge("""
                {"resources": {"limits": {"cpu": "1", "memory": "512Mi"}, "startupBoost": true}}""", """
                {"resources": {"limits": {"memory": "4Gi"}}}""");

        assertThat(merged).isEqualTo(json("""
                {"resources": {"limits": {"cpu": "1", "memory": "4Gi"}, "startupBoost": true}}"""));
    }

    @Test
    void anArrayReplacesTheBasesWhole() {
        JsonNode merged = merge(POOL, """
                {"args": ["--rows", "10"]}""");

        assertThat(merged.get("args")).isEqualTo(Json.mapper().readTree("""
                ["--rows", "10"]"""));
    }

    @Test
    void nullRemovesAKeyOrASingleEnvVariable() {
        JsonNode merged = merge(POOL, """
                {"vpcConnector": null, "env": {"REGION": null}, "notThere": null}""");

        assertThat(merged.has("vpcConnector")).isFalse();
        assertThat(merged.has("notThere")).isFalse();
        assertThat(merged.get("env")).isEqualTo(json("""
                {"LOG_LEVEL": "info"}"""));
    }

    @Test
    void anObjectOverAScalarOrNothingReplacesItWithoutItsNulls() {
        JsonNode merged = merge("""
                {"env": "none"}""", """
                {"env": {"A": "1", "B": null}, "labels": {"team": "data", "old": null}}""");

        assertThat(merged).isEqualTo(json("""
                {"env": {"A": "1"}, "labels": {"team": "data"}}"""));
    }

    @Test
    void aScalarOverAnObjectReplacesIt() {
        assertThat(merge(POOL, "{\"env\": \"none\"}").get("env").asString()).isEqualTo("none");
    }

    @Test
    void neitherArgumentIsChanged() {
        ObjectNode base = json(POOL);
        ObjectNode variables = json("""
                {"env": {"LOG_LEVEL": "debug", "NEW": {"x": 1}}, "memory": null}""");

        ObjectNode merged = JobTemplate.merge(base, variables);
        ((ObjectNode) merged.get("env")).put("LATER", "changed");
        ((ObjectNode) merged.get("env").get("NEW")).put("x", 2);

        assertThat(base).isEqualTo(json(POOL));
        assertThat(variables).isEqualTo(json("""
                {"env": {"LOG_LEVEL": "debug", "NEW": {"x": 1}}, "memory": null}"""));
    }

    private static JsonNode merge(String base, String variables) {
        return JobTemplate.merge(json(base), json(variables));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.mapper().readTree(text);
    }
}
