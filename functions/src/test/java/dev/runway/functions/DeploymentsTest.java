package dev.runway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.DeploymentSpec;
import dev.runway.model.json.Json;
import dev.runway.model.schema.ParameterValidator;
import dev.runway.runner.RunnerApplication;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** The module's one Spring-wired test: the runner jar's describe mode, in-process, over deployments.yaml. */
class DeploymentsTest {

    @Test
    void everyDeploymentResolvesToAFlowAndItsDefaultsFitTheFlow() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exitCode = RunnerApplication.execute(new String[] {"--describe"}, Map.of(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode printed = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        // describe leaves a bad entry out and lists it instead of failing, so the project's own file is checked here
        assertThat(printed.get("problems").values()).as("entries of deployments.yaml left out").isEmpty();
        List<DeploymentSpec> deployments = Json.mapper().convertValue(printed.get("deployments"),
                new TypeReference<List<DeploymentSpec>>() { });
        assertThat(deployments).extracting(DeploymentSpec::name, DeploymentSpec::flowName).containsExactly(
                tuple("hello", "hello"),
                tuple("etl", "etl"),
                tuple("fail-on-purpose", "failOnPurpose"),
                tuple("sleep", "sleep"),
                tuple("chatty", "chatty"));
        assertThat(deployments).allSatisfy(deployment -> {
            assertThat(deployment.parameterSchema().get("type").asString()).isEqualTo("object");
            assertThat(new ParameterValidator(deployment.parameterSchema()).validate(deployment.parameters())).isEmpty();
        });
    }

    @Test
    void derivesEachFlowsParametersFromItsInputType() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        RunnerApplication.execute(new String[] {"--describe"}, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);

        JsonNode etl = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8)).at("/deployments/1/parameterSchema");
        assertThat(etl).isEqualTo(Json.mapper().readTree("""
                {"type":"object",
                 "properties":{"rows":{"type":"integer"},"seed":{"type":"integer"}},
                 "required":["rows","seed"],
                 "additionalProperties":false}
                """));
    }
}
