package dev.runway.controlplane.e2e;

import static dev.runway.controlplane.webhooks.Signing.hubSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Synchronous webhooks with real runs: a GitHub-style delivery starts the example {@code hello} flow in a runner
 * process and is answered with its result, and a delivery whose run outlasts the webhook's timeout is answered 202.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookEndToEndTest {

    private static final String KEY = "rwk_webhook-e2e-admin-key";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        LocalRunners.register(registry, "runway-webhook-e2e", KEY);
    }

    @BeforeAll
    static void runnerJarIsBuilt() {
        LocalRunners.requireRunnerJar();
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient("http://127.0.0.1:" + port, KEY);
    }

    @Test
    void aSynchronousWebhookAnswersWithTheResultOfTheRunItStarted() throws Exception {
        String secret = create("""
                {"slug":"greet-pusher","deployment":"hello","template":{"name":"{{ body.sender.login }}"},
                 "sync":true,"timeoutSeconds":120}""");
        String body = "{\"ref\":\"refs/heads/main\",\"sender\":{\"login\":\"octocat\"}}";

        long started = System.nanoTime();
        HttpResponse<String> answer = deliver("greet-pusher", body, hubSignature(secret, body), "e2e-1");
        System.out.printf("e2e: synchronous webhook answered with hello's result in %d ms%n",
                (System.nanoTime() - started) / 1_000_000);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(answer.body());
        assertThat(json.get("state").get("type").asString()).isEqualTo("COMPLETED");
        assertThat(json.get("result").get("message").asString()).isEqualTo("Hello, octocat!");
        String run = json.get("flowRunId").asString();
        assertThat(answer.headers().firstValue("Location")).contains("/api/flow-runs/" + run);
        HttpResponse<String> retry = deliver("greet-pusher", body, hubSignature(secret, body), "e2e-1");
        assertThat(retry.statusCode()).as("a retry of the delivery").isEqualTo(202);
        assertThat(Json.mapper().readTree(retry.body()).get("flowRunId").asString()).isEqualTo(run);
    }

    @Test
    void aSynchronousWebhookWhoseRunOutlastsItsTimeoutAnswers202WithTheRun() throws Exception {
        String secret = create("{\"slug\":\"sleepy\",\"deployment\":\"sleep\",\"sync\":true,\"timeoutSeconds\":2}");
        String body = "{\"seconds\":60}";

        long started = System.nanoTime();
        HttpResponse<String> answer = deliver("sleepy", body, hubSignature(secret, body), "e2e-2");
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(tookMs).isBetween(1_900L, 10_000L);
        String run = Json.mapper().readTree(answer.body()).get("flowRunId").asString();
        api.post("/api/flow-runs/" + run + "/cancel", null);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/flow-runs/" + run).json().get("state").get("type").asString().equals("CANCELLED"));
    }

    private String create(String spec) {
        Answer created = api.post("/api/webhooks", spec);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("secret").asString();
    }

    private HttpResponse<String> deliver(String slug, String body, String signature, String deliveryId)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/" + slug))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
