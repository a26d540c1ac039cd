package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import dev.runway.model.result.LocalFolderResultStore;
import dev.runway.runner.testflows.TestFlows;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The runtime in-process against a fake control plane, asserting what a user of the control plane would see. */
class FlowRunAttemptTest {

    private static final RetryPolicy QUICK_RETRY = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5));
    /** The attempt the launcher started this runner for; the fake control plane's run says 1, which must not matter. */
    private static final int ATTEMPT = 3;

    @TempDir
    Path results;

    private final UUID runId = UUID.randomUUID();
    private FakeControlPlane controlPlane;
    private int contextsStarted;
    private RunLimits limits = RunLimits.DEFAULT;
    private Delivery delivery = Delivery.DEFAULT;

    @BeforeEach
    void resetFlows() {
        TestFlows.reset();
    }

    @AfterEach
    void stopControlPlane() {
        controlPlane.close();
    }

    @Test
    void completesWithAResultRefWhoseFileHoldsTheResult() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":2}");

        StateProposal last = lastProposal();
        assertThat(last.type()).isEqualTo(StateType.COMPLETED);
        assertThat(Path.of(URI.create(last.resultRef()))).isEqualTo(results.resolve(runId + "/" + ATTEMPT + ".json"));
        assertThat(Files.readString(Path.of(URI.create(last.resultRef()))))
                .isEqualTo("{\"message\":\"Hello, Ada! Hello, Ada!\"}");
    }

    @Test
    void failsSayingHowFarOverTheLimitAResultIsAndStoresNothing() throws Exception {
        // {"message":"Hello, Ada! … Hello, Ada!"}: 12 bytes a greeting, 13 around them, 133 in all
        limits = new RunLimits(RunLimits.DEFAULT.maxLogLines(), 100);

        run("greet", "{\"name\":\"Ada\",\"times\":10}");

        StateProposal last = lastProposal();
        assertThat(last.type()).isEqualTo(StateType.FAILED);
        assertThat(last.message()).startsWith("the result is 33 bytes over the limit of 100 bytes (RUNWAY_RESULT_MAX_BYTES)");
        assertThat(last.resultRef()).isNull();
        try (var stored = Files.list(results)) {
            assertThat(stored).isEmpty();
        }
    }

    @Test
    void storesAResultExactlyAtTheLimit() throws Exception {
        limits = new RunLimits(RunLimits.DEFAULT.maxLogLines(), 133);

        run("greet", "{\"name\":\"Ada\",\"times\":10}");

        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
        assertThat(Files.size(Path.of(URI.create(lastProposal().resultRef())))).isEqualTo(133);
    }

    @Test
    void claimsFirstAndSendsTheRunTokenOnEveryCall() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":1}");

        assertThat(controlPlane.paths().getFirst()).endsWith("/claim");
        StateProposal claim = Json.mapper().readValue(controlPlane.requests().getFirst().body(), StateProposal.class);
        assertThat(claim.type()).isEqualTo(StateType.RUNNING);
        assertThat(claim.claimant()).isEqualTo("test-runner");
        assertThat(controlPlane.requests()).allSatisfy(request ->
                assertThat(request.authorization()).isEqualTo("Bearer " + FakeControlPlane.TOKEN));
    }

    @Test
    void shipsTheFlowsLogLines() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":1}");

        assertThat(controlPlane.logs()).anySatisfy(entry -> {
            assertThat(entry.message()).isEqualTo("Greeting Ada 1 times");
            assertThat(entry.level()).isEqualTo("INFO");
            assertThat(entry.logger()).isEqualTo(TestFlows.class.getName());
            assertThat(entry.timestamp()).isNotNull();
        });
    }

    @Test
    void saysInTheRunsLogsWhenTheFlowStartedAndReturned() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":1}");

        assertThat(controlPlane.logs()).extracting(LogEntry::message)
                .anySatisfy(m -> assertThat(m).matches("Running flow greet \\(flow run .*, attempt 3\\), \\d+ ms after JVM start"))
                .anySatisfy(m -> assertThat(m).matches("Flow greet returned after \\d+ ms, \\d+ ms after JVM start"));
    }

    @Test
    void shipsEveryLogLineBeforeReportingTheFinalState() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":1}");

        List<String> paths = controlPlane.paths();
        int finalState = paths.indexOf(paths.stream().filter(path -> path.endsWith("/state")).findFirst().orElseThrow());
        assertThat(paths.subList(finalState, paths.size())).noneMatch(path -> path.endsWith("/logs"));
        assertThat(paths.subList(0, finalState)).anyMatch(path -> path.endsWith("/logs"));
    }

    @Test
    void failsWithTheExceptionMessageAndShipsTheStackTrace() throws Exception {
        run("explode", "{\"name\":\"Ada\",\"times\":1}");

        StateProposal last = lastProposal();
        assertThat(last.type()).isEqualTo(StateType.FAILED);
        assertThat(last.message()).isEqualTo("cannot greet Ada");
        assertThat(controlPlane.logs()).anySatisfy(entry -> {
            assertThat(entry.level()).isEqualTo("ERROR");
            assertThat(entry.message()).contains("java.lang.IllegalStateException: cannot greet Ada")
                    .contains("at dev.runway.runner.testflows.TestFlows");
        });
    }

    @Test
    void failsWithTheExceptionClassWhenItHasNoMessage() throws Exception {
        run("silentFailure", "{\"name\":\"Ada\",\"times\":1}");

        assertThat(lastProposal().message()).isEqualTo("java.lang.UnsupportedOperationException");
    }

    @Test
    void failsNamingTheParameterThatDoesNotFit() throws Exception {
        run("greet", "{\"name\":\"Ada\",\"times\":\"twice\",\"colour\":\"red\"}");

        StateProposal last = lastProposal();
        assertThat(last.type()).isEqualTo(StateType.FAILED);
        assertThat(last.message()).contains("parameters.times: must be an integer")
                .contains("parameters.colour: is not a parameter of this flow");
        assertThat(TestFlows.INVOCATIONS).hasValue(0);
    }

    @Test
    void failsForAFlowThisRunnerDoesNotHave() throws Exception {
        run("nosuchflow", "{}");

        assertThat(lastProposal().type()).isEqualTo(StateType.FAILED);
        assertThat(lastProposal().message()).startsWith("no flow named 'nosuchflow' in this runner; it has [chatty, explode,")
                .contains("found in packages dev.runway.runner.testflows");
    }

    @Test
    void everyLineOfABurstArrivesInTheRunsLogs() throws Exception {
        run("chatty", "{\"name\":\"Ada\",\"times\":50000}");

        List<String> lines = flowLines();
        assertThat(lines).hasSize(50_000);
        assertThat(lines.getFirst()).isEqualTo("Line 1 of 50000");
        assertThat(lines.getLast()).isEqualTo("Line 50000 of 50000");
        assertThat(controlPlane.logs()).extracting(LogEntry::message).noneMatch(m -> m.startsWith("Runway:"));
        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void stopsAtTheRunsLogLimitAndEndsTheLogsSayingHowManyLinesWereLeftOut() throws Exception {
        limits = new RunLimits(1000, RunLimits.DEFAULT.maxResultBytes());

        run("chatty", "{\"name\":\"Ada\",\"times\":5000}");

        List<LogEntry> logs = controlPlane.logs();
        assertThat(logs).hasSize(1001);
        // 5000 lines of the flow and the runner's "Running flow" and "Flow chatty returned": 5002 written, 1000 kept
        assertThat(logs.getLast().message()).isEqualTo("Runway: 4002 log lines were left out: this run reached its "
                + "limit of 1000 lines (RUNWAY_LOG_MAX_LINES)");
        assertThat(logs.getLast().level()).isEqualTo("WARN");
        assertThat(flowLines()).hasSize(999).last().isEqualTo("Line 999 of 5000");
        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aControlPlaneThatStopsTakingLogsDoesNotHoldTheFlowAndTheLinesItMissedAreCounted() throws Exception {
        delivery = new Delivery(Duration.ofMillis(10), 100, 512 * 1024, 200, Duration.ofMillis(20));
        controlPlane = new FakeControlPlane(runId, "chatty", parameters("{\"name\":\"Ada\",\"times\":5000}"));
        controlPlane.stopTakingLogsAfter(500);

        attempt().execute();

        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
        int taken = controlPlane.logs().size();
        assertThat(taken).isBetween(500, 5001);
        List<LogEntry> lastTry = controlPlane.refusedLogBatches().getLast();
        assertThat(lastTry).singleElement().extracting(LogEntry::message).asString()
                .startsWith("Runway: " + (5002 - taken) + " log lines could not be delivered: ")
                .contains("answered 503");
    }

    @Test
    void runsAFlowWithoutParameters() throws Exception {
        run("noParameters", "{}");

        assertThat(Files.readString(Path.of(URI.create(lastProposal().resultRef()))))
                .isEqualTo("{\"message\":\"nothing needed\"}");
    }

    @Test
    void runsAFlowThatReturnsNothingAndStoresNullAsItsResult() throws Exception {
        run("greetSilently", "{\"name\":\"Ada\",\"times\":1}");

        assertThat(TestFlows.said).containsExactly("Hello, Ada");
        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
        assertThat(Files.readString(Path.of(URI.create(lastProposal().resultRef())))).isEqualTo("null");
    }

    @Test
    void failsNamingTheFieldWhenAFlowThatReturnsNothingGetsParametersThatDoNotFit() throws Exception {
        run("greetSilently", "{\"name\":\"Ada\",\"times\":\"once\"}");

        assertThat(lastProposal().message()).contains("parameters.times: must be an integer");
        assertThat(TestFlows.said).isEmpty();
    }

    @Test
    void exitsWithoutRunningTheFlowWhenTheClaimIsAborted() throws Exception {
        controlPlane = new FakeControlPlane(runId, "greet", Json.mapper().createObjectNode());
        controlPlane.answerClaimWith(OrchestrationResult.Status.ABORT);

        attempt().execute();

        assertThat(controlPlane.paths()).singleElement().satisfies(path -> assertThat(path).endsWith("/claim"));
        assertThat(contextsStarted).isZero();
        assertThat(TestFlows.INVOCATIONS).hasValue(0);
    }

    @Test
    void reportsTheStatesOfTaskRuns() throws Exception {
        run("steps", "{\"name\":\"Ada\",\"times\":1}");

        List<TaskRunReport> reports = controlPlane.taskRuns();
        assertThat(reports).extracting(TaskRunReport::taskKey, TaskRunReport::type, TaskRunReport::message).containsExactly(
                tuple("shout", StateType.RUNNING, null),
                tuple("shout", StateType.COMPLETED, null),
                tuple("whisper", StateType.RUNNING, null),
                tuple("whisper", StateType.COMPLETED, null),
                tuple("refuse", StateType.RUNNING, null),
                tuple("refuse", StateType.FAILED, "no third step"));
        assertThat(reports).allSatisfy(report -> {
            assertThat(report.mapIndex()).isZero();
            assertThat(report.attempts()).isEqualTo(1);
        });
        assertThat(reports.stream().map(TaskRunReport::id).distinct()).hasSize(3);
        assertThat(lastProposal().type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void tagsLogLinesWrittenInsideATaskWithItsTaskRun() throws Exception {
        run("steps", "{\"name\":\"Ada\",\"times\":1}");

        UUID shout = controlPlane.taskRuns().getFirst().id();
        assertThat(controlPlane.logs()).filteredOn(entry -> entry.message().equals("Shouting Ada"))
                .singleElement().extracting(LogEntry::taskRunId).isEqualTo(shout);
        assertThat(controlPlane.logs()).filteredOn(entry -> entry.message().equals("third step refused as planned"))
                .singleElement().extracting(LogEntry::taskRunId).isNull();
    }

    @Test
    void interruptsTheFlowAndReportsCancelledWhenAHeartbeatSaysSo() throws Exception {
        controlPlane = new FakeControlPlane(runId, "waitForever", parameters("{\"name\":\"Ada\",\"times\":1}"));
        controlPlane.requestCancellationWhen(() -> TestFlows.waiting.getCount() == 0);

        attempt().execute();

        assertThat(TestFlows.interrupted).isTrue();
        assertThat(lastProposal().type()).isEqualTo(StateType.CANCELLED);
        assertThat(controlPlane.logs()).extracting(LogEntry::message).contains("Interrupted, stopping");
    }

    @Test
    void retriesATransientFailureOfTheFinalProposalWithTheSameTransitionId() throws Exception {
        controlPlane = new FakeControlPlane(runId, "greet", parameters("{\"name\":\"Ada\",\"times\":1}"));
        controlPlane.failNextStateProposals(1);

        attempt().execute();

        List<StateProposal> proposals = controlPlane.stateProposals();
        assertThat(proposals).hasSize(2);
        assertThat(proposals.get(1)).isEqualTo(proposals.get(0));
        assertThat(proposals.get(1).type()).isEqualTo(StateType.COMPLETED);
    }

    private void run(String flowName, String parametersJson) throws Exception {
        controlPlane = new FakeControlPlane(runId, flowName, parameters(parametersJson));
        attempt().execute();
    }

    private FlowRunAttempt attempt() {
        RunSettings settings = new RunSettings(controlPlane.url(), runId, ATTEMPT, FakeControlPlane.TOKEN,
                new LocalFolderResultStore(results), Duration.ofMillis(20), limits);
        ControlPlaneClient client = new ControlPlaneClient(settings.apiUrl(), runId, settings.token(), QUICK_RETRY);
        return new FlowRunAttempt(settings, client, delivery, () -> {
            contextsStarted++;
            return FlowContext.start(new String[] {"--runway.flows.packages=dev.runway.runner.testflows"});
        }, Clock.systemUTC(), Instant::now, "test-runner", FlowRunAttempt.CANCEL_GRACE);
    }

    private List<String> flowLines() {
        return controlPlane.logs().stream().filter(entry -> entry.logger().equals(TestFlows.class.getName()))
                .map(LogEntry::message).toList();
    }

    private StateProposal lastProposal() {
        return controlPlane.stateProposals().getLast();
    }

    private static ObjectNode parameters(String json) {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
