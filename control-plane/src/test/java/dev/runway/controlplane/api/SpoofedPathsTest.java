package dev.runway.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every protected route, sent under every spelling of its path that a router might read differently
 * from an access check, without a key and with the run token of another run: none may reach a
 * controller. Each answer is a refusal, and afterwards nothing stored has changed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpoofedPathsTest {

    private static final String KEY = "rwk_spoof-admin-key";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        IsolatedControlPlane.withoutDeployments(registry, "spoof", KEY);
    }

    /** A route as its controller declares it; {run} is the victim run. */
    record Route(String method, String path, String body) {
        String on(UUID run) {
            return path.replace("{run}", run.toString());
        }
    }

    static final List<Route> ROUTES = List.of(
            new Route("PUT", "/api/deployments/evil", "{\"flowName\":\"hello\"}"),
            new Route("GET", "/api/deployments/greet", null),
            new Route("GET", "/api/deployments", null),
            new Route("POST", "/api/deployments/greet/runs", "{\"parameters\":{}}"),
            new Route("GET", "/api/flow-runs", null),
            new Route("GET", "/api/flow-runs/{run}", null),
            new Route("GET", "/api/flow-runs/{run}/states", null),
            new Route("GET", "/api/flow-runs/{run}/result", null),
            new Route("GET", "/api/flow-runs/{run}/logs", null),
            new Route("GET", "/api/flow-runs/{run}/task-runs", null),
            new Route("POST", "/api/flow-runs/{run}/cancel", null),
            new Route("POST", "/api/flow-runs/{run}/retry", null),
            new Route("POST", "/api/runner/flow-runs/{run}/claim", "{\"type\":\"RUNNING\",\"claimant\":\"spoof\"}"),
            new Route("POST", "/api/runner/flow-runs/{run}/state", "{\"type\":\"COMPLETED\",\"claimant\":\"victim\"}"),
            new Route("POST", "/api/runner/flow-runs/{run}/heartbeat", null),
            new Route("POST", "/api/runner/flow-runs/{run}/task-runs", "[{\"id\":\"" + UUID.randomUUID()
                    + "\",\"taskKey\":\"spoof\",\"mapIndex\":0,\"attempts\":1,\"type\":\"RUNNING\",\"timestamp\":\"2026-01-01T00:00:00Z\"}]"),
            new Route("POST", "/api/runner/flow-runs/{run}/logs", "[{\"message\":\"spoofed\"}]"),
            new Route("GET", "/api/runner/flow-runs/{run}", null),
            new Route("GET", "/actuator/prometheus", null),
            new Route("GET", "/actuator/metrics", null));

    /** A way to spell a path, given the path and the run the caller's own token is for. */
    record Spoof(String name, BiFunction<String, UUID, String> spell) {
    }

    static final List<Spoof> SPOOFS = List.of(
            new Spoof("';' after the first segment", (p, own) -> first(p) + ";" + rest(p)),
            new Spoof("';' parameter after the first segment", (p, own) -> first(p) + ";jsessionid=1" + rest(p)),
            new Spoof("';' after the last segment", (p, own) -> p + ";"),
            new Spoof("first letter encoded", (p, own) -> "/%" + hex(p.charAt(1)) + p.substring(2)),
            new Spoof("second segment's first letter encoded", (p, own) -> first(p) + "/%" + hex(rest(p).charAt(1))
                    + rest(p).substring(2)),
            new Spoof("letter double-encoded", (p, own) -> "/%25" + hex(p.charAt(1)) + p.substring(2)),
            new Spoof("%2e segment", (p, own) -> first(p) + "/%2e" + rest(p)),
            new Spoof("%2e%2e segment", (p, own) -> first(p) + "/x/%2e%2e" + rest(p)),
            new Spoof("%2f for a slash", (p, own) -> first(p) + "%2f" + rest(p).substring(1)),
            new Spoof("%2F for a slash", (p, own) -> first(p) + "%2F" + rest(p).substring(1)),
            new Spoof("%5c for a slash", (p, own) -> first(p) + "%5c" + rest(p).substring(1)),
            new Spoof("leading //", (p, own) -> "/" + p),
            new Spoof("inner //", (p, own) -> first(p) + "/" + rest(p)),
            new Spoof("trailing /", (p, own) -> p + "/"),
            new Spoof("upper case", (p, own) -> first(p).toUpperCase(Locale.ROOT) + rest(p)),
            new Spoof("/./", (p, own) -> first(p) + "/." + rest(p)),
            new Spoof("/x/../", (p, own) -> first(p) + "/x/.." + rest(p)),
            new Spoof("climbing out of the caller's own run", (p, own) -> "/api/runner/flow-runs/" + own + "/../../../.." + p),
            new Spoof("climbing out of the caller's own run, encoded", (p, own) -> "/api/runner/flow-runs/" + own
                    + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e" + p),
            new Spoof("climbing out of the caller's own run after ';'", (p, own) -> "/api/runner/flow-runs/" + own
                    + ";/../../../.." + p));

    @LocalServerPort
    int port;

    @Autowired
    RunTokens tokens;

    @Autowired
    Transitions transitions;

    @Autowired
    FlowRunStore store;

    @Autowired
    ResultStore results;

    ApiClient admin;
    UUID victim;
    UUID own;

    @BeforeEach
    void setUp() {
        admin = new ApiClient("http://127.0.0.1:" + port, KEY);
        assertThat(admin.put("/api/deployments/greet", "{\"flowName\":\"hello\",\"parameters\":{}}").status()).isIn(200, 201);
        own = startRun();
        victim = startRun();
        transitions.proposeVerdict(store.find(victim).orElseThrow(), State.of(StateType.PENDING, Instant.now()));
        Answer claim = admin.withKey(tokens.issue(victim, 1)).post("/api/runner/flow-runs/" + victim + "/claim",
                "{\"type\":\"RUNNING\",\"claimant\":\"victim\"}");
        assertThat(claim.json().get("status").asString()).as(claim.body()).isEqualTo("ACCEPT");
    }

    @Test
    void noSpellingOfAProtectedPathReachesAControllerWithoutTheRightCredential() {
        String before = snapshot();
        String otherRunsToken = tokens.issue(own, 0);
        SoftAssertions softly = new SoftAssertions();
        int sent = 0;
        for (Route route : ROUTES) {
            for (Spoof spoof : SPOOFS) {
                String path = spoof.spell().apply(route.on(victim), own);
                for (String credential : new String[] {null, otherRunsToken}) {
                    Answer answer = RawHttp.send(port, route.method(), path, credential, route.body());
                    String what = route.method() + " " + path + " (" + spoof.name() + ", "
                            + (credential == null ? "no key" : "another run's token") + ") answered " + answer.status()
                            + " " + abbreviate(answer.body());
                    softly.assertThat(answer.status()).as(what).isIn(400, 401, 403, 404);
                    softly.assertThat(answer.contentType()).as(what).startsWith("application/problem+json");
                    sent++;
                }
            }
        }
        softly.assertThat(snapshot()).as("what is stored after %d spoofed requests", sent).isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void ambiguousPathsAre400ProblemsSayingWhy() {
        for (String path : List.of("/api;/deployments", "/api/%2e/deployments", "/api%2fdeployments", "/api%5cdeployments",
                "//api/deployments", "/api/./deployments", "/api/x/../deployments", "/%2561pi/deployments")) {
            Answer answer = RawHttp.send(port, "GET", path, KEY, null);

            assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
            assertThat(answer.json().get("title").asString()).isEqualTo("Bad request");
            assertThat(answer.json().get("detail").asString()).as(path).contains("rejected");
        }
    }

    @Test
    void aMissingKeyIs401WithABearerChallenge() {
        Answer answer = RawHttp.send(port, "GET", "/%61pi/deployments", null, null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo("Authentication required");
    }

    @Test
    void theAdminKeyOpensEveryRoute() {
        for (Route route : ROUTES) {
            Answer answer = RawHttp.send(port, route.method(), route.on(victim), KEY, route.body());

            assertThat(answer.status()).as(route + " answered " + answer.body()).isNotIn(400, 401, 403, 405, 500);
        }
    }

    @Test
    void aRunTokenOpensEveryRunnerRouteOfItsOwnRun() {
        String token = tokens.issue(victim, 1);
        for (Route route : ROUTES.stream().filter(r -> r.path().startsWith("/api/runner/")).toList()) {
            if (route.path().endsWith("/state")) {
                continue; // completing the run would end the other cases' attempt; claim and heartbeat show proposals pass
            }
            Answer answer = RawHttp.send(port, route.method(), route.on(victim), token, route.body());

            assertThat(answer.status()).as(route + " answered " + answer.body()).isBetween(200, 299);
        }
        String result = results.write(new FlowRunResult(victim, 1),
                out -> out.write("{}".getBytes(StandardCharsets.UTF_8)));
        Answer completed = RawHttp.send(port, "POST", "/api/runner/flow-runs/" + victim + "/state", token,
                "{\"type\":\"COMPLETED\",\"claimant\":\"victim\",\"resultRef\":\"" + result + "\"}");
        assertThat(completed.json().get("status").asString()).as(completed.body()).isEqualTo("ACCEPT");
    }

    @Test
    void anUnknownPathIsDeniedEvenWithTheAdminKey() {
        assertThat(RawHttp.send(port, "GET", "/anything", null, null).status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "GET", "/anything", KEY, null).status()).isEqualTo(403);
    }

    /** Everything a spoofed request could have created or changed, read with the admin key. */
    private String snapshot() {
        List<String> parts = new ArrayList<>();
        parts.add(admin.get("/api/deployments").body());
        parts.add(admin.get("/api/flow-runs?limit=500").body());
        for (UUID run : List.of(victim, own)) {
            parts.add(admin.get("/api/flow-runs/" + run + "/states").body());
            parts.add(admin.get("/api/flow-runs/" + run + "/logs").body());
            parts.add(admin.get("/api/flow-runs/" + run + "/task-runs").body());
            parts.add(String.valueOf(store.find(run).orElseThrow().lastHeartbeat()));
        }
        return String.join("\n", parts);
    }

    private UUID startRun() {
        Answer answer = admin.post("/api/deployments/greet/runs", "{}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(answer.json().get("id").asString());
    }

    private static String first(String path) {
        return path.substring(0, path.indexOf('/', 1));
    }

    private static String rest(String path) {
        return path.substring(path.indexOf('/', 1));
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }

    private static String hex(char c) {
        return Integer.toHexString(c);
    }
}
