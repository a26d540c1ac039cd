package dev.runway.controlplane.deployments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.IsolatedControlPlane;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.launch.RunnerEnvironment;
import dev.runway.controlplane.launch.RunnerJar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A runner jar whose deployments.yaml has a bad entry, and a spec the control plane refuses: the control plane
 * starts all the same, registers the rest, logs each one left out and shows them in its health.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class DeploymentsBootstrapTest {

    private static final String KEY = "rwk_bootstrap-admin-key";

    /** What the runner jar's --describe printed: one good spec, one the control plane refuses, one bad entry. */
    private static final String DESCRIBED = """
            {"deployments":[
               {"name":"greet","flowName":"hello","parameters":{},
                "parameterSchema":{"type":"object","properties":{"name":{"type":"string"}}}},
               {"name":"Hello World","flowName":"hello"}],
             "problems":[
               {"deployment":"greeter","index":0,"where":"deployments.yaml line 2","field":"flow",
                "message":"no flow named 'greeet' in this runner; it has [hello]"}]}""";

    @TestConfiguration
    static class DescribingRunnerJar {

        @Bean
        @Primary
        RunnerJar describedRunnerJar(RunwayProperties properties, RunnerEnvironment environment) {
            return new RunnerJar(properties, environment) {
                @Override
                public byte[] describe() {
                    return DESCRIBED.getBytes(StandardCharsets.UTF_8);
                }
            };
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = IsolatedControlPlane.register(registry, "bootstrap", KEY);
        Path jar = Files.createFile(home.resolve("runway-runner.jar"));
        registry.add("runway.launcher.runner-jar", jar::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void registersTheGoodDeploymentsAndShowsTheOthersInHealthWhileStayingHealthy(CapturedOutput output) {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, KEY);

        assertThat(api.get("/api/deployments").json().get("items").valueStream().map(d -> d.get("name").asString()))
                .containsExactly("greet");
        ApiClient.Answer health = api.withKey(null).get("/api/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("healthy");
        JsonNode deployments = health.json().get("deployments");
        assertThat(deployments.get("registered").asInt()).isEqualTo(1);
        assertThat(deployments.get("problems").valueStream()
                .map(p -> p.get("deployment").asString() + " " + p.get("field").asString()))
                .containsExactly("greeter flow", "Hello World name");
        assertThat(deployments.get("problems").get(0).get("where").asString()).isEqualTo("deployments.yaml line 2");
        assertThat(output.getAll())
                .containsPattern("WARN .* deployment greeter not registered: flow: no flow named 'greeet' in this"
                        + " runner; it has \\[hello\\] \\(deployments.yaml line 2\\)")
                .containsPattern("WARN .* deployment Hello World not registered: name: must be ");
    }
}
