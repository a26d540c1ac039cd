package dev.runway.cli;

import static dev.runway.cli.Fixtures.aDeployment;
import static dev.runway.cli.Fixtures.aFlowRun;
import static dev.runway.cli.Fixtures.aLog;
import static dev.runway.cli.Fixtures.aPage;
import static dev.runway.cli.Fixtures.aState;
import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.LogEntry;
import dev.runway.model.State;
import dev.runway.model.StateType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    private static final String SCHEMA = """
            {"type":"object","properties":{
              "name":{"type":"string"}, "times":{"type":"integer"}, "ratio":{"type":"number"},
              "loud":{"type":"boolean"}, "tags":{"type":"array","items":{"type":"string"}},
              "options":{"type":"object"}, "nickname":{"type":["string","null"]}}}""";

    private static final UUID RUN_ID = UUID.fromString("0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10");

    @TempDir
    Path dir;

    private FakeRunway server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeRunway.start()
                .on("GET", "/api/deployments/hello", Answer.json(200, aDeployment("hello", SCHEMA)))
                .on("POST", "/api/deployments/hello/runs",
                        Answer.json(201, aFlowRun(RUN_ID, "hello", aState(StateType.SCHEDULED, 0))));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void readsEachParameterAsItsSchemaTypesIt() {
        var outcome = Cli.against(server, dir).run("run", "hello",
                "-p", "name=42", "-p", "times=3", "-p", "ratio=0.5", "-p", "loud=true",
                "-p", "tags=[\"a\",\"b\"]", "-p", "options={\"x\":1}", "-p", "nickname=null", "-p", "unknown=7");

        assertThat(outcome.exitCode()).isZero();
        assertThat(server.last("POST", "/api/deployments/hello/runs").json().get("parameters")).isEqualTo(json("""
                {"name":"42","times":3,"ratio":0.5,"loud":true,"tags":["a","b"],"options":{"x":1},
                 "nickname":"null","unknown":"7"}"""));
        assertThat(outcome.out()).isEqualTo("flow run " + RUN_ID + " of hello: SCHEDULED\n");
    }

    @Test
    void sendsAValueThatIsNotJsonAsTextSoTheServerNamesTheField() {
        Cli.against(server, dir).run("run", "hello", "-p", "times=three", "-p", "note=a=b");

        assertThat(server.last("POST", "/api/deployments/hello/runs").json().get("parameters"))
                .isEqualTo(json("{\"times\":\"three\",\"note\":\"a=b\"}"));
    }

    @Test
    void pairsOverrideTheJsonParameters() {
        Cli.against(server, dir).run("run", "hello", "--params", "{\"name\":\"Bob\",\"times\":2}", "-p", "name=Ada");

        assertThat(server.last("POST", "/api/deployments/hello/runs").json().get("parameters"))
                .isEqualTo(json("{\"name\":\"Ada\",\"times\":2}"));
    }

    @Test
    void aPairWithoutEqualsSignIsAUsageErrorNamingTheOption() {
        var outcome = Cli.against(server, dir).run("run", "hello", "-p", "name");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'--param'").contains("KEY=VALUE");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void paramsThatAreNotAJsonObjectAreAUsageError() {
        var outcome = Cli.against(server, dir).run("run", "hello", "--params", "[1]");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--params").contains("not a JSON object");
    }

    @Test
    void showsTheServersFieldErrors() {
        server.on("POST", "/api/deployments/hello/runs", Answer.problem(422, "Invalid parameters",
                "the parameters do not match the deployment's schema", Map.of("parameters.times", "must be an integer")));

        var outcome = Cli.against(server, dir).run("run", "hello", "-p", "times=three");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("""
                error: Invalid parameters: the parameters do not match the deployment's schema
                  parameters.times: must be an integer
                """);
    }

    @Test
    void anUnknownDeploymentIsReportedBeforeAnyRunIsCreated() {
        server.on("GET", "/api/deployments/nope",
                Answer.problem(404, "Not Found", "no deployment named nope", Map.of()));

        var outcome = Cli.against(server, dir).run("run", "nope");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: Not Found: no deployment named nope\n");
        assertThat(server.requests("POST", "/api/deployments/nope/runs")).isEmpty();
    }

    @Test
    void watchPrintsStatesAndLogsInTheOrderTheyHappenedThenTheResult() {
        playRun(List.of(aState(StateType.SCHEDULED, 0), aState(StateType.PENDING, 1), aState(StateType.RUNNING, 2),
                        aState(StateType.COMPLETED, 5)),
                List.of(aLog("Hello, Ada!", 3), aLog("two lines\nof text", 4)));
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/result", Answer.json(200, "{\"greeting\":\"Hello, Ada!\"}"));

        var outcome = Cli.against(server, dir).run("run", "hello", "-p", "name=Ada", "--watch");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                flow run %s of hello
                22:51:00  SCHEDULED  Scheduled
                22:51:01  PENDING    Pending
                22:51:02  RUNNING    Running
                          22:51:03  INFO   Hello, Ada!
                          22:51:04  INFO   two lines
                                           of text
                22:51:05  COMPLETED  Completed
                {
                  "greeting" : "Hello, Ada!"
                }
                """.formatted(RUN_ID));
        List<String> logOffsets = server.requests("GET", "/api/flow-runs/" + RUN_ID + "/logs").stream()
                .map(FakeRunway.Request::query).distinct().toList();
        assertThat(logOffsets).containsExactly("offset=0&limit=1000", "offset=1&limit=1000");
    }

    @Test
    void watchEndsWithExitOneAndTheMessageWhenTheRunFails() {
        playRun(List.of(aState(StateType.RUNNING, 0),
                aState(StateType.FAILED, 1).withMessage("IllegalArgumentException: name must not be blank")), List.of());

        var outcome = Cli.against(server, dir).run("run", "hello", "--watch");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).endsWith("22:51:01  FAILED     Failed  IllegalArgumentException: name must not be blank\n");
        assertThat(outcome.err())
                .isEqualTo("flow run " + RUN_ID + " ended FAILED: IllegalArgumentException: name must not be blank\n");
        assertThat(server.requests("GET", "/api/flow-runs/" + RUN_ID + "/result")).isEmpty();
    }

    @Test
    void watchRidesOutAControlPlaneThatDropsConnectionsForAWhile() {
        List<State> states = List.of(aState(StateType.RUNNING, 0), aState(StateType.COMPLETED, 1));
        AtomicInteger polls = new AtomicInteger();
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/states", request -> {
            int poll = polls.incrementAndGet();
            if (poll >= 2 && poll <= 4) {
                throw new IllegalStateException("restarting");
            }
            return Answer.json(200, aPage(poll == 1 ? states.subList(0, 1) : states));
        });
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/logs", Answer.json(200, aPage(List.of())));
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/result", Answer.json(200, "{\"ok\":true}"));

        var outcome = Cli.against(server, dir).run("run", "hello", "--watch");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("still watching").contains("COMPLETED  Completed");
    }

    /** Each poll of the states reveals one more state, and the logs written up to a second after it. */
    private void playRun(List<State> states, List<LogEntry> logs) {
        AtomicInteger revealed = new AtomicInteger();
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/states",
                request -> Answer.json(200, aPage(states.subList(0, Math.min(revealed.incrementAndGet(), states.size())))));
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/logs", request -> {
            int offset = Integer.parseInt(request.query().replaceAll("offset=(\\d+).*", "$1"));
            var until = states.get(Math.min(revealed.get(), states.size()) - 1).timestamp().plusSeconds(1);
            List<LogEntry> written = logs.stream().filter(log -> !log.timestamp().isAfter(until)).toList();
            return Answer.json(200, aPage(written.subList(Math.min(offset, written.size()), written.size())));
        });
    }
}
