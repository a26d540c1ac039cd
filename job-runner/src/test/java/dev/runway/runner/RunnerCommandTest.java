package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import dev.runway.runner.testflows.TestFlows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** The jar's command line: modes, what goes to stdout, exit codes. */
class RunnerCommandTest {

    private static final String TEST_FLOWS = "--runway.flows.packages=dev.runway.runner.testflows";

    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void describePrintsOnlyTheDeploymentsAsJson() throws Exception {
        Path deployments = write("""
                deployments:
                  - name: greeter
                    flow: greet
                    description: Greets people
                    parameters: {name: World, times: 1}
                    tags: [example]
                    jobVariables:
                      memory: 2Gi
                      env: {LOG_LEVEL: debug}
                """);

        int exitCode = execute("--describe", "--deployments=" + deployments, TEST_FLOWS);

        assertThat(exitCode).isZero();
        JsonNode printed = Json.mapper().readTree(out.toString(StandardCharsets.UTF_8));
        JsonNode greeter = printed.get("deployments").get(0);
        assertThat(greeter.get("name").asString()).isEqualTo("greeter");
        assertThat(greeter.get("flowName").asString()).isEqualTo("greet");
        assertThat(greeter.at("/parameters/name").asString()).isEqualTo("World");
        assertThat(greeter.at("/parameterSchema/properties/times/type").asString()).isEqualTo("integer");
        assertThat(greeter.at("/parameterSchema/required/0").asString()).isEqualTo("times");
        assertThat(greeter.get("tags").get(0).asString()).isEqualTo("example");
        assertThat(greeter.get("jobVariables")).isEqualTo(Json.mapper().readTree("""
                {"memory":"2Gi","env":{"LOG_LEVEL":"debug"}}"""));
    }

    @Test
    void describeDescribesTheGoodDeploymentsAndListsEachBadOneAsAProblem() throws Exception {
        Path deployments = write("""
                deployments:
                  - name: greeter
                    flow: greeet
                  - name: counter
                    flow: greet
                    parameters: {times: lots}
                  - name: nameless
                  - name: hello
                    flow: greet
                  - flow: greet
                    retires: 3
                """);

        int exitCode = execute("--describe", "--deployments=" + deployments, TEST_FLOWS);

        assertThat(exitCode).isZero();
        DescribedDeployments described = Json.mapper().readValue(out.toString(StandardCharsets.UTF_8), DescribedDeployments.class);
        assertThat(described.deployments()).extracting(DeploymentSpec::name).containsExactly("hello");
        assertThat(described.flows()).as("every flow, declared or not, so a deployment can name any of them")
                .contains("greet", "explode", "chatty");
        assertThat(described.problems()).extracting(DeploymentProblem::deployment, DeploymentProblem::index,
                        DeploymentProblem::where, DeploymentProblem::field)
                .containsExactly(
                        tuple("greeter", 0, deployments + " line 2", "flow"),
                        tuple("counter", 1, deployments + " line 4", "parameters.times"),
                        tuple("nameless", 2, deployments + " line 7", "flow"),
                        tuple(null, 4, deployments + " line 11", "retires"));
        assertThat(described.problems().getFirst().message())
                .startsWith("no flow named 'greeet' in this runner; it has [chatty, explode, greet,");
        assertThat(described.problems().get(1).message()).isEqualTo("must be an integer");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("runway-runner: deployment greeter left out: flow: no flow named 'greeet'")
                .contains("runway-runner: deployment deployments[4] left out: retires: unknown field; known: name, flow,");
    }

    @Test
    void describeCarriesSchedulesAndReportsABadOneAtItsDeployment() throws Exception {
        Path deployments = write("""
                deployments:
                  - name: greeter
                    flow: greet
                    parameters: {times: 1}
                    schedules:
                      - cron: "0 9 * * 1-5"
                        timezone: Europe/Paris
                        parameters: {name: Ada}
                      - interval: PT30M
                        catchUp: skip
                  - name: late
                    flow: greet
                    schedules:
                      - cron: "0 25 * * *"
                  - name: typo
                    flow: greet
                    schedules:
                      - crn: "0 9 * * *"
                """);

        int exitCode = execute("--describe", "--deployments=" + deployments, TEST_FLOWS);

        assertThat(exitCode).isZero();
        DescribedDeployments described = Json.mapper().readValue(out.toString(StandardCharsets.UTF_8), DescribedDeployments.class);
        assertThat(described.deployments()).singleElement().satisfies(greeter -> {
            assertThat(greeter.schedules()).hasSize(2);
            assertThat(greeter.schedules().getFirst().cron()).isEqualTo("0 9 * * 1-5");
            assertThat(greeter.schedules().getFirst().parameters().get("name").asString()).isEqualTo("Ada");
            assertThat(greeter.schedules().get(1).interval()).isEqualTo("PT30M");
            assertThat(greeter.schedules().get(1).catchUp()).isEqualTo("skip");
        });
        assertThat(described.problems()).extracting(DeploymentProblem::deployment, DeploymentProblem::where,
                        DeploymentProblem::field)
                .containsExactly(tuple("late", deployments + " line 11", "schedules[0].cron"),
                        tuple("typo", deployments + " line 17", "schedules[0].crn"));
        assertThat(described.problems().getFirst().message()).contains("hour '25'");
    }

    @Test
    void describeStillFailsWithTwoWhenTheFileIsNotADeploymentsList() throws Exception {
        Path deployments = write("""
                deployments:
                  - name: hello
                    flow: [greet
                """);

        int exitCode = execute("--describe", "--deployments=" + deployments, TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(deployments + " line ");
    }

    @Test
    void describeExitsWithTwoForAMissingFile() {
        int exitCode = execute("--describe", "--deployments=" + folder.resolve("missing.yaml"), TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.yaml does not exist");
    }

    @Test
    void runReadsTheLaunchersEnvironmentAndExitsWithZeroOnceTheStateIsReported() throws Exception {
        TestFlows.reset();
        UUID runId = UUID.randomUUID();
        try (FakeControlPlane controlPlane = new FakeControlPlane(runId, "explode",
                Json.mapper().createObjectNode().put("name", "Ada").put("times", 1))) {
            int exitCode = execute(environment(controlPlane, runId, FakeControlPlane.TOKEN), TEST_FLOWS);

            assertThat(exitCode).isZero();
            assertThat(controlPlane.stateProposals().getLast().type()).isEqualTo(StateType.FAILED);
        }
    }

    @Test
    void runExitsWithOneWhenTheControlPlaneRefusesTheRunner() throws Exception {
        UUID runId = UUID.randomUUID();
        try (FakeControlPlane controlPlane = new FakeControlPlane(runId, "greet", Json.mapper().createObjectNode())) {
            int exitCode = execute(environment(controlPlane, runId, "wrong-token"), TEST_FLOWS);

            assertThat(exitCode).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("answered 401");
        }
    }

    @Test
    void runExitsWithTwoWhenTheEnvironmentIsIncomplete() {
        int exitCode = execute(Map.of("RUNWAY_API_URL", "http://127.0.0.1:1"), TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("RUNWAY_RUN_ID is not set");
    }

    @Test
    void warmExitsWithTwoWithoutAnInbox() {
        int exitCode = execute(Map.of(), "--warm", TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("RUNWAY_WARM_INBOX is not set; --warm takes its start "
                + "messages from stdin or pubsub:projects/<project>/subscriptions/<subscription>");
    }

    @Test
    void warmExitsWithTwoForAnInboxNoProviderAnswersNamingTheSupportedOnes() {
        int exitCode = execute(Map.of("RUNWAY_WARM_INBOX", "kafka:runs"), "--warm", TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("RUNWAY_WARM_INBOX: no inbox answers 'kafka:runs'; supported: stdin");
    }

    @Test
    void warmExitsWithTwoForADrainTimeOutOfRange() {
        int exitCode = execute(Map.of("RUNWAY_WARM_INBOX", "stdin", "RUNWAY_DRAIN_SECONDS", "0"), "--warm", TEST_FLOWS);

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("RUNWAY_DRAIN_SECONDS must be from 1 to 3600, got 0");
    }

    @Test
    void helpNamesEveryMode() {
        int exitCode = execute("--help");

        assertThat(exitCode).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("--describe [--deployments=path/to/deployments.yaml] | --train | --warm");
    }

    @Test
    void trainRunsAWholeFlowRunOfItsOwnFlowAndNoneOfTheUsers() {
        TestFlows.reset();
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        Logger runner = (Logger) LoggerFactory.getLogger(FlowRunAttempt.class);
        lines.start();
        runner.addAppender(lines);
        try {
            int exitCode = execute("--train", TEST_FLOWS);

            assertThat(exitCode).isZero();
        } finally {
            runner.detachAppender(lines);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).startsWith("Flow runway-training returned after"))
                .anySatisfy(line -> assertThat(line).startsWith("Reported COMPLETED for flow run"));
        assertThat(TestFlows.INVOCATIONS).hasValue(0);
    }

    private Map<String, String> environment(FakeControlPlane controlPlane, UUID runId, String token) {
        Map<String, String> env = new HashMap<>();
        env.put("RUNWAY_API_URL", controlPlane.url().toString());
        env.put("RUNWAY_RUN_ID", runId.toString());
        env.put("RUNWAY_ATTEMPT", "1");
        env.put("RUNWAY_RUN_TOKEN", token);
        env.put("RUNWAY_RESULT_STORE", folder.toUri().toString());
        return env;
    }

    private int execute(String... args) {
        return execute(Map.of(), args);
    }

    private int execute(Map<String, String> env, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        return new RunnerCommand(FlowContext::start, Clock.systemUTC(), Instant::now)
                .execute(arguments.toArray(String[]::new), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(String yaml) throws Exception {
        return Files.writeString(folder.resolve("deployments.yaml"), yaml);
    }
}
