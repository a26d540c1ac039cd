package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.Page;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI finds the server and its key, and what it says when either is missing or wrong. */
class ApiAccessTest {

    @TempDir
    Path dir;

    private FakeRunway server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeRunway.start().on("GET", "/api/flow-runs", Answer.json(200, new Page<>(List.of(), 0, 50, 0)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void readsTheKeyTheControlPlaneWroteInItsRunwayHome() throws IOException {
        Path home = Files.createDirectories(dir.resolve("repo/.runway"));
        Files.writeString(home.resolve("api-key"), "key-from-home\n");
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));

        var outcome = Cli.in(elsewhere).env("RUNWAY_API_URL", server.url()).env("RUNWAY_HOME", home.toString())
                .run("runs", "ls");

        assertThat(outcome.exitCode()).isZero();
        assertThat(server.last("GET", "/api/flow-runs").header("Authorization")).isEqualTo("Bearer key-from-home");
    }

    @Test
    void readsTheKeyFromDotRunwayInTheCurrentDirectoryWithoutRunwayHome() throws IOException {
        writeKey(dir, "key-from-here");

        Cli.in(dir).env("RUNWAY_API_URL", server.url()).run("runs", "ls");

        assertThat(server.last("GET", "/api/flow-runs").header("Authorization")).isEqualTo("Bearer key-from-here");
    }

    @Test
    void anOptionBeatsTheVariableWhichBeatsTheFile() throws IOException {
        writeKey(dir, "key-from-file");
        Cli cli = Cli.in(dir).env("RUNWAY_API_URL", server.url()).env("RUNWAY_API_KEY", "key-from-variable");

        cli.run("runs", "ls");
        assertThat(server.last("GET", "/api/flow-runs").header("Authorization")).isEqualTo("Bearer key-from-variable");

        cli.run("--api-key", "key-from-option", "runs", "ls");
        assertThat(server.last("GET", "/api/flow-runs").header("Authorization")).isEqualTo("Bearer key-from-option");
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        var outcome = Cli.in(dir).run("runs", "ls", "--api-url", server.url(), "--api-key", "k");

        assertThat(outcome.exitCode()).isZero();
        assertThat(server.last("GET", "/api/flow-runs").header("Authorization")).isEqualTo("Bearer k");
    }

    @Test
    void aMissingKeySaysWhereItLooked() {
        var outcome = Cli.in(dir).env("RUNWAY_API_URL", server.url()).run("runs", "ls");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err())
                .startsWith("error: no API key: no --api-key, no RUNWAY_API_KEY, and no file " + dir.resolve(".runway/api-key"))
                .contains("./runway server start");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aRefusedKeyNamesWhereItCameFrom() {
        server.on("GET", "/api/flow-runs", Answer.problem(401, "Unauthorized", "unknown API key", Map.of()));

        var outcome = Cli.against(server, dir).run("runs", "ls");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("""
                error: Unauthorized: unknown API key
                  the API key came from RUNWAY_API_KEY
                """);
    }

    @Test
    void anUnreachableServerGetsAHintInsteadOfAStackTrace() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        String url = "http://localhost:" + freePort;

        var outcome = Cli.in(dir).env("RUNWAY_API_URL", url).env("RUNWAY_API_KEY", "k").run("runs", "ls");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: cannot reach Runway at " + url + " — start it with ./runway server start\n");
    }

    @Test
    void anAnswerThatIsNotAProblemStillReadsAsOne() {
        server.on("GET", "/api/flow-runs", new Answer(502, "text/plain", "upstream went away", Map.of()));

        var outcome = Cli.against(server, dir).run("runs", "ls");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: HTTP 502 from GET /api/flow-runs: upstream went away\n");
    }

    @Test
    void aBadUrlIsNamed() {
        var outcome = Cli.in(dir).env("RUNWAY_API_KEY", "k").run("runs", "ls", "--api-url", "localhost:4200");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo(
                "error: the API URL 'localhost:4200' is not a URL such as http://localhost:4200 (from --api-url)\n");
    }

    @Test
    void healthNeedsNoKey() {
        server.on("GET", "/api/health", Answer.json(200, Map.of("status", "healthy")));

        var outcome = Cli.in(dir).env("RUNWAY_API_URL", server.url() + "/").run("health");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("Runway at " + server.url() + " is healthy\n");
        assertThat(server.last("GET", "/api/health").header("Authorization")).isNull();
    }

    @Test
    void healthListsTheDeploymentsLeftOutAtStart() {
        server.on("GET", "/api/health", Answer.json(200, """
                {"status":"healthy","deployments":{"registered":3,"problems":[
                  {"deployment":"greeter","index":1,"where":"deployments.yaml line 7","field":"flow",
                   "message":"no flow named 'greeet'"},
                  {"deployment":"Hello World","index":null,"where":null,"field":"name","message":"must be lowercase"}]}}"""));

        var outcome = Cli.in(dir).env("RUNWAY_API_URL", server.url()).run("health");

        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("Runway at " + server.url() + " is healthy\n"
                + "  deployment greeter not registered: flow: no flow named 'greeet' (deployments.yaml line 7)\n"
                + "  deployment Hello World not registered: name: must be lowercase\n");
    }

    @Test
    void healthSaysWhenTheControlPlaneIsStillStarting() {
        server.on("GET", "/api/health", Answer.json(503, Map.of("status", "starting")));

        var outcome = Cli.in(dir).env("RUNWAY_API_URL", server.url()).run("health");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.out()).isEqualTo("Runway at " + server.url() + " is starting\n");
    }

    private static void writeKey(Path folder, String key) throws IOException {
        Files.createDirectories(folder.resolve(".runway"));
        Files.writeString(folder.resolve(".runway/api-key"), key);
    }
}
