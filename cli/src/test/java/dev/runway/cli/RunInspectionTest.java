package dev.runway.cli;

import static dev.runway.cli.Fixtures.T0;
import static dev.runway.cli.Fixtures.aFinishedRun;
import static dev.runway.cli.Fixtures.aFlowRun;
import static dev.runway.cli.Fixtures.aLog;
import static dev.runway.cli.Fixtures.aPage;
import static dev.runway.cli.Fixtures.aState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.Page;
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

/** runs ls, runs show, result, logs and cancel. */
class RunInspectionTest {

    private static final UUID DONE = UUID.fromString("0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10");
    private static final UUID RUNNING = UUID.fromString("7d0f2e1c-1111-4c51-9a3a-7d1c2b8e4f10");
    private static final UUID WAITING = UUID.fromString("9e8d7c6b-2222-4c51-9a3a-7d1c2b8e4f10");

    @TempDir
    Path dir;

    private FakeRunway server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeRunway.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void listsRunsAsATableWithTheFiltersInTheQuery() {
        FlowRun done = aFinishedRun(DONE, "hello", aState(StateType.COMPLETED, 5), T0.plusSeconds(2), T0.plusMillis(3_250));
        FlowRun running = aFinishedRun(RUNNING, "etl-daily", aState(StateType.RUNNING, 1), Cli.CLOCK.instant().minusSeconds(185), null);
        FlowRun late = aFlowRun(WAITING, "hello", aState(StateType.SCHEDULED, 0).withName("Late"));
        server.on("GET", "/api/flow-runs", Answer.json(200, new Page<>(List.of(done, running, late), 0, 3, 7)));

        var outcome = Cli.against(server, dir).run("runs", "ls", "--state", "completed,RUNNING,scheduled",
                "--deployment", "hello", "--since", "2026-11-24T00:00:00Z", "--limit", "3");

        assertThat(outcome.err()).isEmpty();
        assertThat(server.last("GET", "/api/flow-runs").query())
                .isEqualTo("state=COMPLETED,RUNNING,SCHEDULED&deployment=hello&since=2026-11-24T00:00:00Z&limit=3");
        assertThat(outcome.out()).isEqualTo("""
                ID                                    DEPLOYMENT  STATE             CREATED              DURATION
                0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10  hello       COMPLETED         2026-11-24 22:51:00  1.3 s
                7d0f2e1c-1111-4c51-9a3a-7d1c2b8e4f10  etl-daily   RUNNING           2026-11-24 22:51:00  3m 05s
                9e8d7c6b-2222-4c51-9a3a-7d1c2b8e4f10  hello       SCHEDULED (Late)  2026-11-24 22:51:00  -
                runs 1–3 of 7; --offset 3 for more
                """);
    }

    @Test
    void saysSoWhenThereAreNoRuns() {
        server.on("GET", "/api/flow-runs", Answer.json(200, new Page<>(List.of(), 0, 50, 0)));

        assertThat(Cli.against(server, dir).run("runs", "ls").out()).isEqualTo("no flow runs\n");
    }

    @Test
    void aStateThatDoesNotExistIsAUsageError() {
        var outcome = Cli.against(server, dir).run("runs", "ls", "--state", "DONE");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("--state").contains("DONE");
    }

    @Test
    void showsARunWithItsStateHistory() {
        server.on("GET", "/api/flow-runs/" + DONE,
                Answer.json(200, aFinishedRun(DONE, "hello", aState(StateType.COMPLETED, 5), T0.plusSeconds(2), T0.plusSeconds(5))));
        List<State> states = List.of(aState(StateType.SCHEDULED, 0), aState(StateType.PENDING, 1),
                aState(StateType.RUNNING, 2), aState(StateType.COMPLETED, 5));
        // two states a page, so the history is read page by page
        server.on("GET", "/api/flow-runs/" + DONE + "/states", request -> {
            int offset = Integer.parseInt(request.query().replaceAll("offset=(\\d+).*", "$1"));
            return Answer.json(200, new Page<>(states.subList(offset, Math.min(offset + 2, states.size())), offset, 2,
                    states.size()));
        });

        var outcome = Cli.against(server, dir).run("runs", "show", DONE.toString());

        assertThat(outcome.out()).isEqualTo("""
                id              0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10
                name            crimson-fox
                deployment      hello  (flow hello)
                state           COMPLETED
                parameters      {"name":"Ada"}
                created         2026-11-24 22:51:00  by manual
                started         2026-11-24 22:51:02
                ended           2026-11-24 22:51:05
                duration        3.0 s
                attempts        1
                infrastructure  pid 4242
                result          file:///tmp/results/0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10.json

                states
                  2026-11-24 22:51:00  SCHEDULED  Scheduled
                  2026-11-24 22:51:01  PENDING    Pending
                  2026-11-24 22:51:02  RUNNING    Running
                  2026-11-24 22:51:05  COMPLETED  Completed
                """);
    }

    @Test
    void aMalformedRunIdIsAUsageError() {
        var outcome = Cli.against(server, dir).run("runs", "show", "0b5c9f2e");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.err()).contains("'0b5c9f2e' is not a flow run id");
    }

    @Test
    void printsTheResultAsPrettyJson() {
        server.on("GET", "/api/flow-runs/" + DONE + "/result", Answer.json(200, "[1,{\"a\":true}]"));

        var outcome = Cli.against(server, dir).run("result", DONE.toString());

        assertThat(outcome.out()).isEqualTo("""
                [ 1, {
                  "a" : true
                } ]
                """);
    }

    @Test
    void saysWhenThereIsNoResultYet() {
        server.on("GET", "/api/flow-runs/" + RUNNING + "/result",
                Answer.problem(404, "No result", "flow run " + RUNNING + " has no result yet", Map.of()));

        var outcome = Cli.against(server, dir).run("result", RUNNING.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: No result: flow run " + RUNNING + " has no result yet\n");
    }

    @Test
    void printsTheLogsWrittenSoFar() {
        server.on("GET", "/api/flow-runs/" + DONE + "/logs", request -> Answer.json(200,
                aPage(request.query().startsWith("offset=0&") ? List.of(aLog("one", 1), aLog("two", 2)) : List.of())));

        var outcome = Cli.against(server, dir).run("logs", DONE.toString());

        assertThat(outcome.out()).isEqualTo("""
                22:51:01  INFO   one
                22:51:02  INFO   two
                """);
    }

    @Test
    void followsTheLogsUntilTheRunEnds() {
        AtomicInteger polls = new AtomicInteger();
        server.on("GET", "/api/flow-runs/" + RUNNING + "/states", request -> Answer.json(200,
                aPage(polls.incrementAndGet() < 3 ? List.of(aState(StateType.RUNNING, 0))
                        : List.of(aState(StateType.RUNNING, 0), aState(StateType.COMPLETED, 9)))));
        server.on("GET", "/api/flow-runs/" + RUNNING + "/logs", request -> {
            int offset = Integer.parseInt(request.query().replaceAll("offset=(\\d+).*", "$1"));
            List<LogEntry> written = List.of(aLog("one", 1), aLog("two", 2)).subList(0, Math.min(polls.get(), 2));
            return Answer.json(200, aPage(written.subList(Math.min(offset, written.size()), written.size())));
        });

        var outcome = Cli.against(server, dir).run("logs", "--follow", RUNNING.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("""
                22:51:01  INFO   one
                22:51:02  INFO   two
                """);
        assertThat(polls).hasValue(3);
    }

    @Test
    void cancelPrintsTheResultingState() {
        server.on("POST", "/api/flow-runs/" + RUNNING + "/cancel", Answer.json(200,
                new OrchestrationResult(OrchestrationResult.Status.ACCEPT, aState(StateType.CANCELLING, 10), null)));

        var outcome = Cli.against(server, dir).run("cancel", RUNNING.toString());

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("flow run " + RUNNING + ": CANCELLING\n");
    }

    @Test
    void cancellingAFinishedRunShowsTheConflict() {
        server.on("POST", "/api/flow-runs/" + DONE + "/cancel",
                Answer.problem(409, "Conflict", "flow run " + DONE + " is already COMPLETED", Map.of()));

        var outcome = Cli.against(server, dir).run("cancel", DONE.toString());

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: Conflict: flow run " + DONE + " is already COMPLETED\n");
    }
}
