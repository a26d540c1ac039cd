package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.model.LogEntry;
import dev.runway.model.StateProposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Bounded, strict input at the HTTP level: whatever is wrong with a request — its size, its fields, its JSON,
 * its HTTP — the answer is a 4xx problem+json that says what, never a 500 or an HTML page, and nothing is stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpBoundsTest {

    private static final String KEY = "rwk_test-admin-key";
    private static final int LIMIT = 1024 * 1024;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        IsolatedControlPlane.withoutDeployments(registry, "http", KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    Transitions transitions;

    @Autowired
    FlowRunStore store;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
        Answer put = api.put("/api/deployments/greet", """
                {"flowName":"hello","parameters":{"name":"World"},
                 "parameterSchema":{"type":"object","properties":{"name":{"type":"string"}}}}""");
        assertThat(put.status()).isIn(200, 201);
    }

    // --- size ---

    @Test
    void aBodyOverTheLimitIs413NamingTheLimitAndStoresNothing() {
        int runs = runCount();
        int deployments = deploymentCount();

        Answer run = api.post("/api/deployments/greet/runs", "{\"parameters\":{\"name\":\"" + "a".repeat(LIMIT) + "\"}}");
        Answer deployment = api.put("/api/deployments/big",
                "{\"flowName\":\"hello\",\"description\":\"" + "a".repeat(LIMIT) + "\"}");

        for (Answer answer : List.of(run, deployment)) {
            assertProblem(answer, 413, "Request body too large");
            assertThat(answer.json().get("detail").asString()).contains("1048576 bytes", "runway.api.max-request-bytes");
            assertThat(answer.json().get("maxRequestBytes").asLong()).isEqualTo(LIMIT);
        }
        assertThat(runCount()).isEqualTo(runs);
        assertThat(deploymentCount()).isEqualTo(deployments);
    }

    @Test
    void aChunkedBodyIsRefusedAtTheLimitWithoutBeingReadToItsEnd() throws Exception {
        int runs = runCount();
        long offered = 100L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        AtomicBoolean answered = new AtomicBoolean();
        RawHttp.Response response;
        try (Socket socket = new Socket()) {
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/deployments/greet/runs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            // a valid body: an object padded with 100 MB of whitespace, which a JSON parser skips without keeping
            Thread sender = Thread.ofPlatform().start(() -> {
                byte[] padding = new byte[8192];
                Arrays.fill(padding, (byte) ' ');
                try {
                    chunk(out, "{\"parameters\":{}".getBytes(StandardCharsets.US_ASCII));
                    while (!answered.get() && sent.get() < offered) {
                        chunk(out, padding);
                        sent.addAndGet(padding.length);
                    }
                    chunk(out, "}".getBytes(StandardCharsets.US_ASCII));
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the control plane closed the connection rather than read the rest: what is expected
                }
            });
            response = RawHttp.read(socket.getInputStream());
            answered.set(true);
            sender.join();
        }

        assertThat(response.status()).as(() -> shortened(response.body())).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("maxRequestBytes").asLong()).isEqualTo(LIMIT);
        assertThat(sent.get()).as("bytes sent before the answer").isLessThan(offered / 4);
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aFullRunnerBatchOfOneKilobyteLinesFitsTheLimitAndALargerBatchIsRefused() {
        String run = dispatch(startRun());
        List<LogEntry> batch = logLines(1000, 880);
        byte[] json = Json.mapper().writeValueAsBytes(batch);
        assertThat(json.length).isBetween(950_000, LIMIT);

        assertThat(api.post(runner(run, "logs"), new String(json, StandardCharsets.UTF_8)).status()).isEqualTo(204);
        assertProblem(api.post(runner(run, "logs"), Json.mapper().writeValueAsString(logLines(1000, 1000))),
                413, "Request body too large");

        assertThat(api.get("/api/flow-runs/" + run + "/logs?limit=1000").json().get("items").size()).isEqualTo(1000);
    }

    @Test
    void aLogLineLongerThanTheMessageLimitIsStoredCutSayingHowMuch() {
        String run = dispatch(startRun());
        String line = "z".repeat(LogEntry.MAX_MESSAGE_CHARS + 123);

        assertThat(api.post(runner(run, "logs"), Json.mapper().writeValueAsString(
                List.of(new LogEntry(Instant.now(), "INFO", "flow", line, null)))).status()).isEqualTo(204);

        String stored = api.get("/api/flow-runs/" + run + "/logs").json().get("items").get(0).get("message").asString();
        assertThat(stored).isEqualTo("z".repeat(LogEntry.MAX_MESSAGE_CHARS) + " … [123 more characters cut]");
    }

    @Test
    void aRunnersOverlongNamesAre422AndItsLongOrNulMessagesAreStoredCut() {
        String run = dispatch(startRun());
        Instant now = Instant.now();

        assertInvalid(api.post(runner(run, "claim"), "{\"type\":\"RUNNING\",\"claimant\":\"" + "c".repeat(301) + "\"}"),
                "claimant", "is 301 characters long; at most 300 are allowed");
        assertInvalid(api.post(runner(run, "task-runs"), Json.mapper().writeValueAsString(List.of(new TaskRunReport(
                UUID.randomUUID(), "k".repeat(301), 0, StateType.RUNNING, "Running", null, 1, now)))),
                "[0].taskKey", "is 301 characters long; at most 300 are allowed");
        assertThat(api.get("/api/flow-runs/" + run).json().get("state").get("type").asString()).isEqualTo("PENDING");

        assertThat(api.post(runner(run, "claim"), "{\"type\":\"RUNNING\",\"claimant\":\"r\"}").status()).isEqualTo(200);
        String message = "boom\u0000" + "m".repeat(LogEntry.MAX_MESSAGE_CHARS);
        Answer failed = api.post(runner(run, "state"), Json.mapper().writeValueAsString(
                new StateProposal(UUID.randomUUID(), StateType.FAILED, null, message, null, "r")));

        assertThat(failed.status()).as(failed.body()).isEqualTo(200);
        String stored = api.get("/api/flow-runs/" + run).json().get("state").get("message").asString();
        assertThat(stored).startsWith("boom\uFFFDmmm").endsWith(" … [5 more characters cut]");
    }

    // --- fields ---

    @Test
    void anUnknownFieldIs422NamingItAndTheKnownOnesAndStoresNothing() {
        int runs = runCount();

        Answer run = api.post("/api/deployments/greet/runs", "{\"parametrs\":{\"name\":\"Ada\"}}");
        Answer deployment = api.put("/api/deployments/nightly", "{\"flowName\":\"hello\",\"schedule\":[{\"cron\":\"0 0 * * *\"}]}");

        assertProblem(run, 422, "Invalid input");
        assertThat(run.json().get("errors").get(0).get("field").asString()).isEqualTo("parametrs");
        assertThat(run.json().get("errors").get(0).get("message").asString())
                .isEqualTo("is not a known field; known fields are idempotencyKey, name, parameters, scheduledTime");
        assertProblem(deployment, 422, "Invalid input");
        assertThat(deployment.json().get("errors").get(0).get("field").asString()).isEqualTo("schedule");
        assertThat(runCount()).isEqualTo(runs);
        assertThat(api.get("/api/deployments/nightly").status()).isEqualTo(404);
    }

    @Test
    void runnerBodiesAreReadAsStrictlyAndWhatTheRunnerSendsIsKnown() {
        String run = startRun();

        Answer claim = api.post(runner(run, "claim"), "{\"type\":\"RUNNING\",\"claimnt\":\"runner-1\"}");
        Answer logs = api.post(runner(run, "logs"), "[{\"message\":\"hello\",\"lvl\":\"INFO\"}]");

        assertProblem(claim, 422, "Invalid input");
        assertThat(claim.json().get("errors").get(0).get("field").asString()).isEqualTo("claimnt");
        assertProblem(logs, 422, "Invalid input");
        assertThat(logs.json().get("errors").get(0).get("field").asString()).isEqualTo("[0].lvl");
        assertThat(api.get("/api/flow-runs/" + run).json().get("state").get("type").asString()).isEqualTo("SCHEDULED");
        assertThat(api.get("/api/flow-runs/" + run + "/logs").json().get("items").size()).isZero();

        // the model's records as the runner writes them are read without complaint
        dispatch(run);
        Instant now = Instant.now();
        StateProposal proposal = new StateProposal(UUID.randomUUID(), StateType.RUNNING, "Running", "m", "ref", "runner-1");
        assertThat(api.post(runner(run, "state"), Json.mapper().writeValueAsString(proposal)).status()).isEqualTo(200);
        assertThat(api.post(runner(run, "logs"), Json.mapper().writeValueAsString(
                List.of(new LogEntry(now, "INFO", "flow", "hello", UUID.randomUUID())))).status()).isEqualTo(204);
        assertThat(api.post(runner(run, "task-runs"), Json.mapper().writeValueAsString(
                List.of(new TaskRunReport(UUID.randomUUID(), "extract", 0, StateType.RUNNING, "Running", null, 1, now))))
                .status()).isEqualTo(204);
    }

    @Test
    void aMissingBodyIs400SayingOneIsRequired() {
        String run = startRun();
        List<Answer> answers = new ArrayList<>();
        for (String body : new String[] {null, "null", "  "}) {
            answers.add(api.put("/api/deployments/greet", body));
            for (String endpoint : List.of("claim", "state", "logs", "task-runs")) {
                answers.add(api.post(runner(run, endpoint), body));
            }
        }

        for (Answer answer : answers) {
            assertProblem(answer, 400, "Body required");
            assertThat(answer.json().get("detail").asString()).startsWith("a JSON body is required");
            assertNoClassNames(answer);
        }
        assertThat(api.post("/api/deployments/greet/runs", null).status()).as("a run needs no body").isEqualTo(201);
    }

    @Test
    void aValueOfTheWrongTypeIs422NamingItsPathInJsonTerms() {
        String run = startRun();

        assertInvalid(api.put("/api/deployments/greet", "{\"flowName\":\"hello\",\"retries\":\"many\"}"),
                "retries", "must be a whole number");
        assertInvalid(api.put("/api/deployments/greet", "{\"flowName\":\"hello\",\"retries\":99999999999}"),
                "retries", "must be a whole number from -2147483648 to 2147483647");
        assertInvalid(api.put("/api/deployments/greet", "{\"flowName\":\"hello\",\"tags\":{\"a\":1}}"),
                "tags", "must be a JSON array");
        assertInvalid(api.put("/api/deployments/greet", "[]"), "body", "must be a JSON object");
        assertInvalid(api.post("/api/deployments/greet/runs", "{\"parameters\":\"Ada\"}"),
                "parameters", "must be a JSON object");
        assertInvalid(api.post("/api/deployments/greet/runs", "{\"scheduledTime\":\"tomorrow\"}"),
                "scheduledTime", "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        assertInvalid(api.post(runner(run, "claim"), "{\"type\":\"RUNNIN\"}"), "type", "must be one of SCHEDULED, "
                + "PENDING, RUNNING, PAUSED, CANCELLING, CANCELLED, COMPLETED, FAILED, CRASHED");
        assertInvalid(api.post(runner(run, "task-runs"), "{}"), "body", "must be a JSON array");
        assertInvalid(api.post(runner(run, "logs"), "[{\"timestamp\":\"soon\"}]"), "[0].timestamp",
                "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        assertInvalid(api.post(runner(run, "logs"), "[null]"), "[0]", "must be a JSON object, not null");
        assertThat(api.get("/api/flow-runs/" + run + "/logs").json().get("items").size()).isZero();
    }

    @Test
    void malformedJsonIs400SayingWhereWithoutNamingClasses() {
        Answer truncated = api.post("/api/deployments/greet/runs", "{\"parameters\": {\"name\": ");
        Answer longNumber = api.put("/api/deployments/greet", "{\"retries\":" + "9".repeat(2000) + "}");

        assertProblem(truncated, 400, "Malformed JSON");
        assertThat(truncated.json().get("detail").asString())
                .startsWith("the request body is not valid JSON at line 1, column 25: Unexpected end-of-input");
        assertProblem(longNumber, 400, "Malformed JSON");
        assertThat(longNumber.json().get("detail").asString()).contains("exceeds the maximum allowed");
        assertNoClassNames(truncated);
        assertNoClassNames(longNumber);
    }

    @Test
    void aQueryParameterOfTheWrongTypeIs400InPlainWords() {
        Answer answer = api.get("/api/flow-runs?offset=abc");

        assertProblem(answer, 400, "Bad request");
        assertThat(answer.json().get("detail").asString()).isEqualTo("offset must be a whole number, not 'abc'");
        assertThat(answer.json().get("errors").get(0).get("field").asString()).isEqualTo("offset");
    }

    // --- what the container answers ---

    @Test
    void theErrorPathIsNoEndpoint() {
        assertProblem(api.get("/error"), 403, "Forbidden");
        assertProblem(api.post("/error", "{}"), 403, "Forbidden");
    }

    @Test
    void anUnknownPathIs404() {
        assertProblem(api.get("/api/nope"), 404, "Not Found");
    }

    @Test
    void traceIs405WithTheAllowedMethods() {
        RawHttp.Response trace = RawHttp.exchange(port, "TRACE /api/health HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + KEY + "\r\nConnection: close\r\n\r\n");

        assertRawProblem(trace, 405);
        assertThat(trace.header("Allow")).contains("GET").doesNotContain("TRACE");
        assertThat(trace.body()).doesNotContain(KEY);
    }

    @Test
    void anUnsupportedMediaTypeIs415() {
        RawHttp.Response answer = RawHttp.exchange(port, "PUT /api/deployments/greet HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + KEY + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nhi");

        assertRawProblem(answer, 415);
    }

    @Test
    void requestsTheContainerRefusesAre400Problems() {
        String auth = "Authorization: Bearer " + KEY + "\r\n";
        String[] refused = {
                "GET /api/he alth HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
                "GET /api/deployments/%zz HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nConnection: close\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n",
                "GET /api/flow-runs?" + String.join("&", IntStream.range(0, 1200).mapToObj(i -> "p" + i + "=1").toList())
                        + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "Connection: close\r\n\r\n",
                "POST /api/deployments/greet/runs HTTP/1.1\r\nHost: localhost\r\n" + auth
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n\r\n",
        };
        for (String request : refused) {
            assertRawProblem(RawHttp.exchange(port, request), 400);
        }
    }

    private static void chunk(OutputStream out, byte[] data) throws IOException {
        out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(data);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static List<LogEntry> logLines(int count, int length) {
        Instant now = Instant.parse("2026-11-24T10:15:30Z");
        return IntStream.range(0, count)
                .mapToObj(i -> new LogEntry(now, "INFO", "dev.runway.functions.etl.Etl", "x".repeat(length), null))
                .toList();
    }

    private static String runner(String run, String endpoint) {
        return "/api/runner/flow-runs/" + run + "/" + endpoint;
    }

    /** Moves the run to PENDING, as the dispatcher would: its first attempt is then under way. */
    private String dispatch(String run) {
        transitions.proposeVerdict(store.find(UUID.fromString(run)).orElseThrow(), State.of(StateType.PENDING, Instant.now()));
        return run;
    }

    private String startRun() {
        Answer answer = api.post("/api/deployments/greet/runs", "{}");
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    private int runCount() {
        return api.get("/api/flow-runs").json().get("total").asInt();
    }

    private int deploymentCount() {
        return api.get("/api/deployments").json().get("total").asInt();
    }

    private static void assertInvalid(Answer answer, String field, String message) {
        assertProblem(answer, 422, "Invalid input");
        JsonNode error = answer.json().get("errors").get(0);
        assertThat(error.get("field").asString()).isEqualTo(field);
        assertThat(error.get("message").asString()).isEqualTo(message);
        assertNoClassNames(answer);
    }

    private static void assertNoClassNames(Answer answer) {
        assertThat(answer.body()).doesNotContain("dev.runway", "java.", "tools.jackson", "`", "Integer", "ArrayList");
    }

    private static void assertRawProblem(RawHttp.Response answer, int status) {
        assertThat(answer.status()).as(() -> shortened(answer.body())).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
        assertThat(answer.json().get("detail").asString()).isNotBlank();
    }

    private static void assertProblem(Answer answer, int status, String title) {
        assertThat(answer.status()).as(() -> shortened(answer.body())).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
        assertThat(answer.json().get("status").asInt()).isEqualTo(status);
    }

    private static String shortened(String body) {
        return body.length() <= 500 ? body : body.substring(0, 500) + "…";
    }
}
