package dev.runway.cli;

import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.Page;
import dev.runway.model.json.Json;
import dev.runway.model.schedule.ScheduleSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
        server.on("GET", "/api/deployments", this::listPage);
        for (String name : List.of("hello", "etl-daily", "broken", "old-report", "legacy", "busy")) {
            server.on("DELETE", "/api/deployments/" + name, request -> {
                if (name.equals("busy")) {
                    return Answer.problem(409, "Conflict", "deployment 'busy' has 1 run that did not finish (1 RUNNING):"
                            + " cancel them or let them finish, then delete it", Map.of());
                }
                return stored.remove(name) != null ? Answer.json(204, "")
                        : Answer.problem(404, "Not found", "no deployment named '" + name + "'", Map.of());
            });
        }
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
                 "jobVariables":{"memory":"2Gi"},"schedules":[]}"""));
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

    @Test
    void pruneRemovesTheDeploymentsTheFileNoLongerDeclaresAfterDeployingTheRest() {
        serverHas(spec("hello", "Hello"), spec("old-report", "Weekly report"), spec("legacy", "Legacy load"));

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                hello       unchanged
                etl-daily   created
                legacy      removed
                old-report  removed
                """);
        assertThat(stored).containsOnlyKeys("hello", "etl-daily");
        assertThat(server.requests("DELETE", "/api/deployments/hello")).isEmpty();
    }

    @Test
    void pruneReadsEveryPageOfTheServersDeployments() {
        serverHas(spec("hello", "Hello"), spec("etl-daily", "Nightly load"), spec("legacy", "Legacy load"),
                spec("old-report", "Weekly report"), spec("zz-last", "On the third page"));
        server.on("DELETE", "/api/deployments/zz-last", request -> Answer.json(204, ""));

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.out()).contains("legacy      removed\n", "old-report  removed\n", "zz-last     removed\n");
        assertThat(server.requests("GET", "/api/deployments")).hasSize(3);
    }

    @Test
    void aDryRunChangesNothingAndSaysWhatWouldHappen() {
        serverHas(spec("hello", "Hello"), spec("etl-daily", "An older description"), spec("old-report", "Weekly report"));
        declared = List.of(spec("hello", "Hello"), spec("etl-daily", "Nightly load"), spec("fresh", "New"));

        var outcome = cli().run("deploy", "--all", "--prune", "--dry-run");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                hello       unchanged
                etl-daily   would be updated
                fresh       would be created
                old-report  would be removed
                """);
        assertThat(server.requests()).extracting(FakeRunway.Request::method).containsOnly("GET");
    }

    @Test
    void aDryRunJudgesAScheduleThatLeavesActiveOutAsPausedAsItIsOnTheServer() {
        ScheduleSpec nightly = ScheduleSpec.cron("0 2 * * *", "Europe/Paris");
        serverHas(withSchedule(spec("hello", "Hello"), nightly.withActive(false)),
                withSchedule(spec("etl-daily", "Nightly load"), nightly.withActive(false)));
        declared = List.of(withSchedule(spec("hello", "Hello"), nightly),
                withSchedule(spec("etl-daily", "Nightly load"), nightly.withActive(true)));

        var outcome = cli().run("deploy", "--all", "--dry-run");

        assertThat(outcome.out()).isEqualTo("""
                hello      unchanged
                etl-daily  would be updated
                """);
    }

    @Test
    void aDeploymentWithRunsUnderWayStaysAndTheOthersAreRemoved() {
        serverHas(spec("busy", "Long load"), spec("legacy", "Legacy load"));

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEqualTo("""
                hello      created
                etl-daily  created
                busy       not removed: Conflict: deployment 'busy' has 1 run that did not finish (1 RUNNING): cancel them or let them finish, then delete it
                legacy     removed
                """);
    }

    @Test
    void nothingIsRemovedWhenAnEntryOfTheFileCouldNotBeDescribed() {
        serverHas(spec("legacy", "Legacy load"), spec("greeter", "Greets"));
        leftOut = List.of(new DeploymentProblem(null, 2, "deployments.yaml line 9", "name", "is required"));

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).endsWith("""
                deployments[2]  failed: name: is required (deployments.yaml line 9)
                not pruning greeter, legacy: the file has deployments that failed; fix them first
                """);
        assertThat(server.requests()).extracting(FakeRunway.Request::method).doesNotContain("DELETE");
    }

    @Test
    void nothingIsRemovedWhenTheServerRefusedADeployment() {
        serverHas(spec("legacy", "Legacy load"));
        declared = List.of(spec("broken", "Broken"), spec("hello", "Hello"));

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).endsWith("not pruning legacy: the file has deployments that failed; fix them first\n");
        assertThat(stored).containsKey("legacy");
    }

    @Test
    void nothingIsRemovedWhenTheFileCannotBeRead() {
        serverHas(spec("legacy", "Legacy load"));

        var outcome = cli().describer((jar, file) -> {
            throw new CommandFailure("deployments.yaml line 3: expected a list of deployments");
        }).run("deploy", "--all", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: deployments.yaml line 3: expected a list of deployments\n");
        assertThat(server.requests()).isEmpty();
        assertThat(stored).containsKey("legacy");
    }

    @Test
    void aFileDeclaringNothingRemovesNothing() {
        serverHas(spec("legacy", "Legacy load"));
        declared = List.of();

        var outcome = cli().run("deploy", "--all", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).startsWith("error: the file declares no deployments; --prune would remove every");
        assertThat(server.requests()).extracting(FakeRunway.Request::method).doesNotContain("DELETE");
    }

    @Test
    void pruneNeedsAll() {
        var outcome = cli().run("deploy", "hello", "--prune");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).startsWith("--prune needs --all");
        assertThat(server.requests()).isEmpty();
    }

    /** Deployments the server holds already, as if deployed from these specs. */
    private void serverHas(DeploymentSpec... specs) {
        for (DeploymentSpec each : specs) {
            stored.put(each.name(), Json.mapper().valueToTree(each));
        }
    }

    /** GET /api/deployments as the server answers it, sorted by name, two to a page whatever the limit asked. */
    private Answer listPage(FakeRunway.Request request) {
        int offset = Integer.parseInt(request.query().replaceAll(".*offset=(\\d+).*", "$1"));
        List<Deployment> all = stored.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> new Deployment(UUID.randomUUID(),
                        Json.mapper().treeToValue(entry.getValue(), DeploymentSpec.class).withDefaults(entry.getKey()),
                        Fixtures.T0, Fixtures.T0))
                .toList();
        return Answer.json(200, new Page<>(all.subList(Math.min(offset, all.size()), Math.min(offset + 2, all.size())),
                offset, 2, all.size()));
    }

    private Cli cli() {
        return Cli.against(server, dir).describer((jar, file) -> {
            describedJars.add(jar);
            describedFiles.add(file);
            return new DescribedDeployments(declared, leftOut, List.of());
        });
    }

    private static DeploymentSpec withSchedule(DeploymentSpec spec, ScheduleSpec schedule) {
        return spec.withSchedules(List.of(schedule));
    }

    private static DeploymentSpec spec(String name, String description) {
        return new DeploymentSpec(name, name, description, "1", json("{}"),
                json("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}"), List.of("demo"),
                "local", null, null, null, json("{\"memory\":\"2Gi\"}"));
    }
}
