package dev.runway.cli;

import static dev.runway.cli.Fixtures.T0;
import static dev.runway.cli.Fixtures.aDeployment;
import static dev.runway.cli.Fixtures.aFlowRun;
import static dev.runway.cli.Fixtures.aPage;
import static dev.runway.cli.Fixtures.aState;
import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.Page;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Names, parameters, states, log lines, error details and results that carry terminal control sequences: the CLI
 * shows them escaped and never sends them raw, so the server's data cannot clear the screen, retitle the window,
 * overwrite a line or reorder it.
 */
class ServerTextOnTheTerminalTest {

    /** Clears the screen, sets the window title, returns to the line's start, reverses the text; a C1 CSI. */
    private static final String HOSTILE = "a\u001b[2J\u001b]0;title\u0007b\rc\u202ed\u009b";
    private static final String SHOWN = "a\\e[2J\\e]0;title\\ab\\rc\\u202ed\\u009b";
    private static final UUID RUN_ID = UUID.fromString("0b5c9f2e-6f7e-4c51-9a3a-7d1c2b8e4f10");

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
    void aListedRunsDeploymentAndStateNameAreEscapedAndTheColumnsStayAligned() {
        FlowRun run = aFlowRun(RUN_ID, HOSTILE, aState(StateType.SCHEDULED, 0).withName("Late" + HOSTILE));
        server.on("GET", "/api/flow-runs", Answer.json(200, new Page<>(List.of(run), 0, 50, 1)));

        var outcome = Cli.against(server, dir).run("runs", "ls");

        assertShownEscaped(outcome.out());
        String padding = " ".repeat(SHOWN.length() - "DEPLOYMENT".length());
        assertThat(outcome.out()).isEqualTo("""
                ID                                    DEPLOYMENT%s  STATE%s  CREATED              DURATION
                %s  %s  SCHEDULED (Late%s)  2026-11-24 22:51:00  -
                """.formatted(padding, " ".repeat(("SCHEDULED (Late" + SHOWN + ")").length() - "STATE".length()),
                RUN_ID, SHOWN, SHOWN));
    }

    @Test
    void aShownRunsNameParametersAndStateMessageAreEscaped() {
        ObjectNode parameters = Json.mapper().createObjectNode().put("note", HOSTILE);
        FlowRun run = aFlowRun(RUN_ID, HOSTILE, "hello", parameters, aState(StateType.FAILED, 5).withMessage(HOSTILE));
        server.on("GET", "/api/flow-runs/" + RUN_ID, Answer.json(200, run));
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/states",
                Answer.json(200, aPage(List.of(aState(StateType.FAILED, 5).withName(HOSTILE).withMessage("line one\nline two")))));

        var outcome = Cli.against(server, dir).run("runs", "show", RUN_ID.toString());

        assertShownEscaped(outcome.out());
        assertThat(outcome.out())
                .contains("name        " + SHOWN + "\n")
                .contains("state       FAILED  " + SHOWN + "\n")
                // Jackson already writes ESC as a JSON escape; what it leaves raw is escaped here, still valid JSON.
                .contains("parameters  {\"note\":\"a\\u001B[2J\\u001B]0;title\\u0007b\\rc\\u202ed\\u009b\"}\n")
                .contains("  2026-11-24 22:51:05  FAILED     " + SHOWN + "  line one\\nline two\n");
    }

    @Test
    void aLogLineIsEscapedWhileAMultiLineMessageKeepsItsContinuationIndent() {
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/logs", request -> Answer.json(200, aPage(
                request.query().startsWith("offset=0&")
                        ? List.of(new LogEntry(T0.plusSeconds(1), "INFO", "flows.hello", HOSTILE + "\r\nat\tline 2", null))
                        : List.of())));

        var outcome = Cli.against(server, dir).run("logs", RUN_ID.toString());

        assertShownEscaped(outcome.out());
        assertThat(outcome.out()).isEqualTo("22:51:01  INFO   " + SHOWN + "\n"
                + "                 at\tline 2\n");
    }

    @Test
    void anErrorDetailFromTheServerIsEscaped() {
        server.on("GET", "/api/deployments/hello", Answer.problem(404, "Not Found", "no deployment " + HOSTILE,
                Map.of("name" + HOSTILE, HOSTILE)));

        var outcome = Cli.against(server, dir).run("run", "hello");

        assertShownEscaped(outcome.err());
        assertThat(outcome.err()).isEqualTo("error: Not Found: no deployment " + SHOWN + "\n  name" + SHOWN + ": " + SHOWN + "\n");
    }

    @Test
    void aResultPrintedAsJsonStaysValidJsonOfTheSameValue() {
        ObjectNode result = Json.mapper().createObjectNode().put("text", HOSTILE);
        result.putArray("list").add("\u2066isolated\u2069").add("\u0085next line");
        server.on("GET", "/api/flow-runs/" + RUN_ID + "/result", Answer.json(200, result));

        var outcome = Cli.against(server, dir).run("result", RUN_ID.toString());

        assertShownEscaped(outcome.out());
        assertThat(outcome.out()).doesNotContain("\u2066", "\u2069", "\u0085");
        assertThat(Json.mapper().readTree(outcome.out())).isEqualTo(result);
    }

    @Test
    void theMessageOfAFailedRunIsEscapedWhereverItIsShown() {
        server.on("GET", "/api/deployments/hello", Answer.json(200, aDeployment("hello", "{\"type\":\"object\"}")))
                .on("POST", "/api/deployments/hello/runs", Answer.json(201, aFlowRun(RUN_ID, "hello", aState(StateType.SCHEDULED, 0))))
                .on("GET", "/api/flow-runs/" + RUN_ID + "/states",
                        Answer.json(200, aPage(List.of(aState(StateType.FAILED, 1).withMessage(HOSTILE)))))
                .on("GET", "/api/flow-runs/" + RUN_ID + "/logs", Answer.json(200, aPage(List.of())));

        var outcome = Cli.against(server, dir).run("run", "hello", "--watch");

        assertShownEscaped(outcome.out());
        assertShownEscaped(outcome.err());
        assertThat(outcome.out()).endsWith("22:51:01  FAILED     Failed  " + SHOWN + "\n");
        assertThat(outcome.err()).isEqualTo("flow run " + RUN_ID + " ended FAILED: " + SHOWN + "\n");
    }

    private static void assertShownEscaped(String printed) {
        assertThat(printed).doesNotContain("\u001b", "\u0007", "\r", "\u202e", "\u009b");
    }
}
