package dev.runway.cli;

import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class DeployCommandTest {

    @TempDir
    Path dir;

    private FakeRunway server;
    /** What the fake server stores, so a second identical upsert is "unchanged" as on the real one. */
    private final Map<String, JsonNode> stored = new ConcurrentHashMap<>();
    private final List<Path> describedJars = new ArrayList<>();
    private final List<Optional<Path>> describedFiles = new ArrayList<>();
    private List<DeploymentSpec> declared = List.of(spec("hello", "Hello"), spec("etl-daily", "Nightly load"));
    private List<DeploymentProblem> leftOut = List.of();

    @BeforeEach
    void startServer() throws IOException {
        server = FakeRunway.start();
        for (String name : List.of("hello", "etl-daily", "broken")) {
            server.on("PUT", "/api/deployments/" + name, request -> {
                if (name.equals("broken")) {
                    return Answer.problem(422, "Invalid deployment", "the deployment is not valid",
                            Map.of("parameterSchema", "must be a JSON schema"));
                }
                JsonNode previous = stored.put(name, request.json());
                int status = previous == null ? 201 : 200;
                String outcome = previous == null ? "created" : previous.equals(request.json()) ? "unchanged" : "updated";
                return Answer.json(status, "{}").withHeader("Runway-Upsert", outcome);
            });
        }
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void createsThenLeavesEverythingUnchanged() {
        var first = cli().run("deploy", "--all");
        var second = cli().run("deploy", "--all");

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).isEqualTo("""
                hello      created
                etl-daily  created
                """);
        assertThat(second.out()).isEqualTo("""
                hello      unchanged
                etl-daily  unchanged
                """);
        assertThat(stored.get("hello")).isEqualTo(json("""
                {"name":"hello","flowName":"hello","description":"Hello","version":"1","parameters":{},
                 "parameterSchema":{"type":"object","properties":{"name":{"type":"string"}}},"tags":["demo"],
                 "workPool":"local","paused":null,"retries":null,"retryDelaySeconds":null,
                 "jobVariables":{"memory":"2Gi"}}"""));
        assertThat(server.last("PUT", "/api/deployments/hello").header("Authorization")).isEqualTo("Bearer test-key");
    }

    @Test
    void reportsAChangedDeploymentAsUpdated() {
        cli().run("deploy", "--all");
        declared = List.of(spec("hello", "Hello, again"), spec("etl-daily", "Nightly load"));

        var outcome = cli().run("deploy", "--all");

        assertThat(outcome.out()).isEqualTo("""
                hello      updated
                etl-daily  unchanged
                """);
    }

    @Test
    void deploysOnlyTheNamedOnes() {
        var outcome = cli().run("deploy", "etl-daily");

        assertThat(outcome.out()).isEqualTo("etl-daily  created\n");
        assertThat(server.requests("PUT", "/api/deployments/hello")).isEmpty();
    }

    @Test
    void anUnknownNameListsTheDeclaredOnes() {
        var outcome = cli().run("deploy", "helo");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: no deployment named helo\n  declared: hello, etl-daily\n");
    }

    @Test
    void needsAllOrNames() {
        var outcome = cli().run("deploy");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("name the deployments to deploy, or pass --all");
    }

    @Test
    void keepsGoingPastARefusedDeploymentAndFailsAtTheEnd() {
        declared = List.of(spec("broken", "Broken"), spec("hello", "Hello"));

        var outcome = cli().run("deploy", "--all");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEqualTo("""
                broken  failed: Invalid deployment: the deployment is not valid
                  parameterSchema: must be a JSON schema
                hello   created
                """);
    }

    @Test
    void deploysTheDescribedOnesPrintsEachEntryTheRunnerLeftOutAndFails() {
        leftOut = List.of(
                new DeploymentProblem("greeter", 0, "deployments.yaml line 2", "flow",
                        "no flow named 'greeet' in this runner; it has [etl, hello]"),
                new DeploymentProblem(null, 3, "deployments.yaml line 9", "flow", "is required"));

        var outcome = cli().run("deploy", "--all");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEqualTo("""
                hello           created
                etl-daily       created
                greeter         failed: flow: no flow named 'greeet' in this runner; it has [etl, hello] (deployments.yaml line 2)
                deployments[3]  failed: flow: is required (deployments.yaml line 9)
                """);
        assertThat(stored).containsOnlyKeys("hello", "etl-daily");
    }

    @Test
    void aNamedDeploymentTheRunnerLeftOutIsReportedAndTheOthersAreNot() {
        leftOut = List.of(new DeploymentProblem("greeter", 0, "deployments.yaml line 2", "flow", "no flow named 'greeet'"));

        var named = cli().run("deploy", "greeter");
        var other = cli().run("deploy", "hello");

        assertThat(named.exitCode()).isEqualTo(1);
        assertThat(named.out()).isEqualTo("greeter  failed: flow: no flow named 'greeet' (deployments.yaml line 2)\n");
        assertThat(other.exitCode()).isZero();
        assertThat(other.out()).isEqualTo("hello  created\n");
    }

    @Test
    void usesTheProjectsFileAndJarByDefault() throws IOException {
        Path yaml = dir.resolve(DeployCommand.DEFAULT_FILE);
        Files.createDirectories(yaml.getParent());
        Files.writeString(yaml, "deployments: []\n");

        cli().run("deploy", "--all");

        assertThat(describedJars).containsExactly(dir.resolve(DeployCommand.DEFAULT_RUNNER_JAR));
        assertThat(describedFiles).containsExactly(Optional.of(yaml));
    }

    @Test
    void letsTheJarUseItsOwnFileWhenTheProjectHasNone() {
        cli().run("deploy", "--all");

        assertThat(describedFiles).containsExactly(Optional.empty());
    }

    @Test
    void readsTypedPathsFromTheCurrentDirectory() throws IOException {
        Files.writeString(dir.resolve("mine.yaml"), "deployments: []\n");

        cli().run("deploy", "--all", "--file", "mine.yaml", "--runner-jar", "my.jar");

        assertThat(describedJars).containsExactly(dir.resolve("my.jar"));
        assertThat(describedFiles).containsExactly(Optional.of(dir.resolve("mine.yaml")));
    }

    @Test
    void showsWhatTheRunnerSaidAboutABadFile() {
        var outcome = cli().describer((jar, file) -> {
            throw new CommandFailure("deployments.yaml: deployment 'hello' names unknown flow 'helo'");
        }).run("deploy", "--all");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: deployments.yaml: deployment 'hello' names unknown flow 'helo'\n");
        assertThat(server.requests()).isEmpty();
    }

    private Cli cli() {
        return Cli.against(server, dir).describer((jar, file) -> {
            describedJars.add(jar);
            describedFiles.add(file);
            return new DescribedDeployments(declared, leftOut, List.of());
        });
    }

    private static DeploymentSpec spec(String name, String description) {
        return new DeploymentSpec(name, name, description, "1", json("{}"),
                json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"), List.of("demo"),
                "local", null, null, null, json("{\"memory\":\"2Gi\"}"));
    }
}
