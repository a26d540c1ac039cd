package dev.runway.controlplane.api;

import static dev.runway.controlplane.webhooks.Signing.hubSignature;
import static dev.runway.controlplane.webhooks.Signing.slackSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient.Answer;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.WebhookStore;
import dev.runway.controlplane.webhooks.WebhookSecrets;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.json.Json;
import dev.runway.model.result.ResultStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhooks over HTTP: managed with the admin key, delivered to {@code /hooks/{slug}} with a signature and nothing
 * else. Every refusal is problem+json and starts no run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookApiTest {

    private static final String KEY = "rwk_webhook-admin-key";
    /** Smaller than the webhook limit, to show that deliveries have their own. */
    private static final int API_LIMIT = 4 * 1024;
    private static final int WEBHOOK_LIMIT = 8 * 1024;
    /** Slack's example signing secret. */
    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        IsolatedControlPlane.withoutDeployments(registry, "webhooks", KEY);
        registry.add("runway.api.max-request-bytes", () -> API_LIMIT + "B");
        registry.add("runway.webhooks.max-body-bytes", () -> WEBHOOK_LIMIT + "B");
    }

    @LocalServerPort
    int port;

    @Autowired
    WebhookStore webhookStore;

    @Autowired
    WebhookSecrets secrets;

    @Autowired
    Transitions transitions;

    @Autowired
    FlowRunStore runStore;

    @Autowired
    RunTokens tokens;

    @Autowired
    ResultStore results;

    ApiClient admin;

    @BeforeEach
    void setUp() {
        admin = new ApiClient("http://127.0.0.1:" + port, KEY);
        Answer put = admin.put("/api/deployments/greet", """
                {"flowName":"hello","parameterSchema":{"type":"object","properties":{"name":{"type":"string"}},
                 "required":["name"]}}""");
        assertThat(put.status()).as(put.body()).isIn(200, 201);
    }

    // --- management ---

    @Test
    void aNewWebhookShowsItsSecretOnceAndNeverAgain() {
        Answer created = admin.post("/api/webhooks", "{\"slug\":\"shown-once\",\"deployment\":\"greet\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/webhooks/shown-once");
        String secret = created.json().get("secret").asString();
        assertThat(secret).startsWith("rwh_").hasSize(47);
        assertThat(created.json().get("mode").asString()).isEqualTo("hmac-sha256");
        assertThat(created.json().get("header").asString()).isEqualTo("X-Hub-Signature-256");
        assertThat(created.json().get("enabled").asBoolean()).isTrue();
        assertThat(created.json().get("sync").asBoolean()).isFalse();
        for (String path : List.of("/api/webhooks", "/api/webhooks/shown-once")) {
            Answer shown = admin.get(path);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body()).as(path).contains("shown-once").doesNotContain(secret).doesNotContain("\"secret\"")
                    .doesNotContain("v1:");
        }
        assertThat(webhookStore.find("shown-once").orElseThrow().encryptedSecret()).doesNotContain(secret);
    }

    @Test
    void whatIsWrongWithANewWebhookIsNamedFieldByField() {
        Answer answer = admin.post("/api/webhooks", """
                {"slug":"Not A Slug","deployment":"nope","template":{"ref":"{{ nope }}"},"sync":true,
                 "timeoutSeconds":301,"mode":"md5","header":"bad header"}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(fields(answer)).containsExactlyInAnyOrder("slug", "deployment", "template.ref", "timeoutSeconds",
                "mode", "header");
        Answer timeoutWithoutSync = admin.post("/api/webhooks",
                "{\"slug\":\"async\",\"deployment\":\"greet\",\"timeoutSeconds\":5}");
        assertThat(fields(timeoutWithoutSync)).containsExactly("timeoutSeconds");
        Answer missing = admin.post("/api/webhooks", "{}");
        assertThat(fields(missing)).containsExactlyInAnyOrder("slug", "deployment");
        Answer givenSecret = admin.post("/api/webhooks", "{\"slug\":\"x\",\"deployment\":\"greet\",\"secret\":\"mine\"}");
        assertThat(givenSecret.status()).isEqualTo(422);
        assertThat(fields(givenSecret)).containsExactly("secret");
        assertThat(admin.get("/api/webhooks/async").status()).isEqualTo(404);
    }

    @Test
    void aTokenWebhooksTemplateMayNotCopyTheTokenIntoParameters() {
        Answer answer = admin.post("/api/webhooks", """
                {"slug":"leaky","deployment":"greet","mode":"token","template":{"name":"{{ headers.X-Runway-Token }}"}}""");

        assertThat(answer.status()).as(answer.body()).isEqualTo(422);
        assertThat(fields(answer)).containsExactly("template");
        assertThat(answer.json().get("errors").get(0).get("message").asString()).contains("secret");
    }

    @Test
    void aSlugIsOneWebhookAndAnUnknownOneIs404() {
        assertThat(create("taken", "greet", "{}").status()).isEqualTo(201);

        Answer again = admin.post("/api/webhooks", "{\"slug\":\"taken\",\"deployment\":\"greet\"}");

        assertThat(again.status()).isEqualTo(409);
        for (Answer unknown : List.of(admin.get("/api/webhooks/unknown"), admin.delete("/api/webhooks/unknown"),
                admin.post("/api/webhooks/unknown/rotate-secret", null), admin.post("/api/webhooks/unknown/disable", null))) {
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(unknown.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void theManagementApiNeedsTheAdminKey() {
        ApiClient anonymous = admin.withKey(null);

        assertThat(anonymous.get("/api/webhooks").status()).isEqualTo(401);
        assertThat(anonymous.post("/api/webhooks", "{\"slug\":\"sneaky\",\"deployment\":\"greet\"}").status()).isEqualTo(401);
        assertThat(admin.get("/api/webhooks/sneaky").status()).isEqualTo(404);
    }

    // --- deliveries ---

    @Test
    void aSignedDeliveryStartsARunAnswered202WithItsId() {
        String secret = secretOf(create("greeter", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";

        Answer answer = deliver("greeter", body, "X-Hub-Signature-256", hubSignature(secret, body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        String id = answer.json().get("flowRunId").asString();
        assertThat(answer.json().size()).isEqualTo(1);
        assertThat(answer.header("Location")).isEqualTo("/api/flow-runs/" + id);
        JsonNode run = admin.get("/api/flow-runs/" + id).json();
        assertThat(run.get("createdBy").asString()).isEqualTo("webhook:greeter");
        assertThat(run.get("deploymentName").asString()).isEqualTo("greet");
        assertThat(run.get("parameters").get("name").asString()).isEqualTo("Ada");
        assertThat(run.get("state").get("type").asString()).isEqualTo("SCHEDULED");
    }

    @Test
    void githubsDocumentedSignatureIsAcceptedEndToEnd() {
        create("github", "greet", "{\"template\":{\"name\":\"{{ headers.X-GitHub-Event }}\"}}");
        // GitHub's example (docs.github.com, "Validating webhook deliveries"): this secret, this body, this signature
        webhookStore.setSecret("github", secrets.encrypt("github", "It's a Secret to Everybody"));

        Answer answer = deliver("github", "Hello, World!", "X-GitHub-Event", "push", "X-Hub-Signature-256",
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        JsonNode run = admin.get("/api/flow-runs/" + answer.json().get("flowRunId").asString()).json();
        assertThat(run.get("parameters").get("name").asString()).isEqualTo("push");
    }

    @Test
    void aFormEncodedDeliveryIsSignedAndReadAsItCame() {
        String secret = secretOf(create("form", "greet", "{\"template\":{\"name\":\"{{ headers.X-Sender }}\"}}"));
        String body = "payload=%7B%22name%22%3A%22Ada%22%7D&token=abc";

        Answer answer = deliver("form", body, "Content-Type", "application/x-www-form-urlencoded",
                "X-Sender", "Ada", "X-Hub-Signature-256", hubSignature(secret, body));

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }

    @Test
    void aMissingSignatureIs401NamingTheHeaderAndStartsNoRun() {
        String secret = secretOf(create("unsigned", "greet", "{}"));
        int runs = runCount();

        Answer answer = deliver("unsigned", "{\"name\":\"Ada\"}");

        assertRefused(answer, 401, "Signature required");
        assertThat(answer.json().get("header").asString()).isEqualTo("X-Hub-Signature-256");
        assertThat(answer.json().get("detail").asString()).contains("X-Hub-Signature-256", "HMAC-SHA256")
                .doesNotContain(secret);
        assertThat(answer.header("WWW-Authenticate")).contains("X-Hub-Signature-256");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aWrongSignatureIs401ShowingNeitherSecretNorExpectedValue() {
        String secret = secretOf(create("wrongly-signed", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";
        int runs = runCount();

        Answer otherSecret = deliver("wrongly-signed", body, "X-Hub-Signature-256", hubSignature("rwh_guess", body));
        Answer otherBody = deliver("wrongly-signed", body, "X-Hub-Signature-256", hubSignature(secret, body + " "));
        Answer malformed = deliver("wrongly-signed", body, "X-Hub-Signature-256", "sha1=abc");

        for (Answer answer : List.of(otherSecret, otherBody, malformed)) {
            assertRefused(answer, 401, "Invalid signature");
            assertThat(answer.body()).doesNotContain(secret).doesNotContain(hubSignature(secret, body).substring(7));
        }
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void theAdminKeyIsNoSignature() {
        create("admin-tried", "greet", "{}");
        int runs = runCount();

        Answer answer = deliver("admin-tried", "{\"name\":\"Ada\"}", "Authorization", "Bearer " + KEY);

        assertRefused(answer, 401, "Signature required");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aTokenWebhookTakesItsSecretInItsHeaderAndNothingElse() {
        String secret = secretOf(create("token", "greet", "{\"mode\":\"token\"}"));
        String body = "{\"name\":\"Ada\"}";
        int runs = runCount();

        assertRefused(deliver("token", body, "Authorization", "Bearer " + secret), 401, "Signature required");
        assertRefused(deliver("token", body, "X-Runway-Token", secret + "x"), 401, "Invalid signature");
        assertRefused(deliver("token", body, "X-Hub-Signature-256", hubSignature(secret, body)), 401, "Signature required");
        assertThat(runCount()).isEqualTo(runs);
        assertThat(deliver("token", body, "X-Runway-Token", secret).status()).isEqualTo(202);
        assertThat(runCount()).isEqualTo(runs + 1);
    }

    @Test
    void anUnknownSlugIs404AndStartsNoRun() {
        String secret = secretOf(create("known", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";
        int runs = runCount();

        for (String slug : List.of("unknown", "Known", "known-", "x".repeat(41))) {
            assertRefused(deliver(slug, body, "X-Hub-Signature-256", hubSignature(secret, body)), 404, "Not found");
        }
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aDisabledWebhookIs403UntilEnabledAgain() {
        String secret = secretOf(create("paused-hook", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";
        int runs = runCount();

        Answer disabled = admin.post("/api/webhooks/paused-hook/disable", null);
        Answer refused = deliver("paused-hook", body, "X-Hub-Signature-256", hubSignature(secret, body));

        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
        assertRefused(refused, 403, "Webhook disabled");
        assertThat(refused.json().get("detail").asString()).contains("/api/webhooks/paused-hook/enable");
        assertThat(runCount()).isEqualTo(runs);
        assertThat(admin.post("/api/webhooks/paused-hook/enable", null).json().get("enabled").asBoolean()).isTrue();
        assertThat(deliver("paused-hook", body, "X-Hub-Signature-256", hubSignature(secret, body)).status()).isEqualTo(202);
    }

    @Test
    void aBodyOverTheWebhookLimitIs413WhenDeclaredAndWhenCountedAndStartsNoRun() throws Exception {
        String secret = secretOf(create("big", "greet", "{\"template\":{\"name\":\"fixed\"}}"));
        String tooLarge = "{\"pad\":\"" + "a".repeat(WEBHOOK_LIMIT) + "\"}";
        String signature = hubSignature(secret, tooLarge);
        int runs = runCount();

        // declared: answered before a byte of the body is sent
        RawHttp.Response declared = RawHttp.exchange(port, "POST /hooks/big HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\nX-Hub-Signature-256: " + signature + "\r\n"
                + "Content-Length: " + (WEBHOOK_LIMIT + 1) + "\r\n\r\n");
        // counted: chunked, its length unknown until read
        HttpResponse<String> streamed = HTTP.send(HttpRequest.newBuilder(URI.create(url("/hooks/big")))
                .header("X-Hub-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(tooLarge.getBytes(StandardCharsets.UTF_8))))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.json().get("detail").asString()).contains(WEBHOOK_LIMIT + " bytes", "runway.webhooks.max-body-bytes");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(413);
        assertThat(streamed.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(streamed.body()).contains("runway.webhooks.max-body-bytes");
        assertThat(runCount()).isEqualTo(runs);
        String overTheApiLimit = "{\"pad\":\"" + "a".repeat(API_LIMIT) + "\"}";
        assertThat(deliver("big", overTheApiLimit, "X-Hub-Signature-256", hubSignature(secret, overTheApiLimit)).status())
                .as("a delivery over runway.api.max-request-bytes but within the webhook limit").isEqualTo(202);
    }

    @Test
    void aDeliveryThatDoesNotFitTheTemplateIs422NamingWhatItLacks() {
        String secret = secretOf(create("templated", "greet",
                "{\"template\":{\"name\":\"{{ body.pusher.name }}\",\"ref\":\"{{ body.ref }}\"}}"));
        String body = "{\"pusher\":{}}";
        int runs = runCount();

        Answer answer = deliver("templated", body, "X-Hub-Signature-256", hubSignature(secret, body));
        Answer notJson = deliver("templated", "not json", "X-Hub-Signature-256", hubSignature(secret, "not json"));

        assertRefused(answer, 422, "Invalid input");
        assertThat(fields(answer)).containsExactly("parameters.name", "parameters.ref");
        assertThat(answer.json().get("errors").get(1).get("message").asString()).isEqualTo("body.ref is missing from the delivery");
        assertRefused(notJson, 422, "Invalid input");
        assertThat(fields(notJson)).containsExactly("body");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void parametersThatDoNotMatchTheDeploymentsSchemaAre422NamingTheField() {
        String secret = secretOf(create("schema", "greet", "{}"));
        int runs = runCount();

        Answer wrongType = deliver("schema", "{\"name\":5}", "X-Hub-Signature-256", hubSignature(secret, "{\"name\":5}"));
        Answer missing = deliver("schema", "{}", "X-Hub-Signature-256", hubSignature(secret, "{}"));

        assertRefused(wrongType, 422, "Invalid input");
        assertThat(fields(wrongType)).containsExactly("parameters.name");
        assertRefused(missing, 422, "Invalid input");
        assertThat(missing.json().get("errors").get(0).get("message").asString()).isEqualTo("is required");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aRetriedDeliveryAnswersWithTheSameRunAndStartsNoOther() {
        String secret = secretOf(create("retried", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";
        String signature = hubSignature(secret, body);
        int runs = runCount();

        Answer first = deliver("retried", body, "X-Hub-Signature-256", signature, "X-GitHub-Delivery", "72d3162e-cc78");
        Answer retry = deliver("retried", body, "X-Hub-Signature-256", signature, "X-GitHub-Delivery", "72d3162e-cc78");
        Answer another = deliver("retried", body, "X-Hub-Signature-256", signature, "X-GitHub-Delivery", "72d3162e-cc79");

        assertThat(List.of(first.status(), retry.status(), another.status())).containsOnly(202);
        assertThat(retry.json().get("flowRunId")).isEqualTo(first.json().get("flowRunId"));
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(another.json().get("flowRunId")).isNotEqualTo(first.json().get("flowRunId"));
        assertThat(runCount()).isEqualTo(runs + 2);
    }

    @Test
    void slacksUrlVerificationIsAnsweredWithoutARun() {
        String secret = secretOf(create("slack", "greet", "{}"));
        String challenge = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}";
        int runs = runCount();

        Answer answer = deliver("slack", challenge, "X-Hub-Signature-256", hubSignature(secret, challenge));
        Answer unsigned = deliver("slack", challenge);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("challenge").asString()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(answer.json().size()).isEqualTo(1);
        assertRefused(unsigned, 401, "Signature required");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aSlackWebhookKeepsTheSigningSecretItIsGivenAndNeverShowsIt() {
        Answer created = create("slack-kept", "greet", "{\"mode\":\"slack\",\"secret\":\"" + SLACK_SECRET + "\"}");

        assertThat(created.json().get("mode").asString()).isEqualTo("slack");
        assertThat(created.json().get("header").asString()).isEqualTo("X-Slack-Signature");
        assertThat(created.body()).doesNotContain(SLACK_SECRET);
        assertThat(admin.get("/api/webhooks/slack-kept").body()).doesNotContain(SLACK_SECRET).doesNotContain("\"secret\"");
        assertThat(webhookStore.find("slack-kept").orElseThrow().encryptedSecret()).startsWith("v1:")
                .doesNotContain(SLACK_SECRET);
        for (String secret : new String[] {null, "", "a".repeat(15), "a".repeat(201), "8f742231 b10e8888abcd99yyyzzz85a5"}) {
            String field = secret == null ? "" : ",\"secret\":\"" + secret + "\"";
            Answer refused = admin.post("/api/webhooks", "{\"slug\":\"slack-bad\",\"deployment\":\"greet\","
                    + "\"mode\":\"slack\"" + field + "}");

            assertThat(refused.status()).as(secret).isEqualTo(422);
            assertThat(fields(refused)).as(secret).containsExactly("secret");
        }
        assertThat(admin.get("/api/webhooks/slack-bad").status()).isEqualTo(404);
    }

    @Test
    void aSlackWebhookAnswersItsSignedChallengeStartsRunsOfSignedEventsAndRefusesStaleOrWrongOnes() {
        create("slack-events", "greet", "{\"mode\":\"slack\",\"secret\":\"" + SLACK_SECRET + "\"}");
        String challenge = "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFd\","
                + "\"type\":\"url_verification\"}";
        String event = "{\"type\":\"event_callback\",\"event_id\":\"Ev08MFMKH6\",\"name\":\"Ada\"}";
        long now = Instant.now().getEpochSecond();
        long stale = now - 6 * 60;
        int runs = runCount();

        Answer answered = deliver("slack-events", challenge, slackHeaders(now, slackSignature(SLACK_SECRET, now, challenge)));
        assertThat(answered.status()).as(answered.body()).isEqualTo(200);
        assertThat(answered.json().get("challenge").asString()).isEqualTo("3eZbrw1aBm2rZgRNFd");
        assertThat(runCount()).isEqualTo(runs);

        Answer replayed = deliver("slack-events", event, slackHeaders(stale, slackSignature(SLACK_SECRET, stale, event)));
        assertRefused(replayed, 401, "Invalid signature");
        assertThat(replayed.json().get("detail").asString()).contains("X-Slack-Request-Timestamp").contains("replay");
        Answer wrong = deliver("slack-events", event,
                slackHeaders(now, slackSignature(SLACK_SECRET.replace('8', '9'), now, event)));
        assertRefused(wrong, 401, "Invalid signature");
        assertThat(wrong.json().get("header").asString()).isEqualTo("X-Slack-Signature");
        assertThat(wrong.body()).doesNotContain(SLACK_SECRET);
        assertRefused(deliver("slack-events", event, "X-Slack-Signature", slackSignature(SLACK_SECRET, now, event)), 401,
                "Signature required");
        assertThat(runCount()).isEqualTo(runs);

        Answer started = deliver("slack-events", event, slackHeaders(now, slackSignature(SLACK_SECRET, now, event)));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(runCount()).isEqualTo(runs + 1);
        assertThat(awaitRunOf("webhook:slack-events")).isEqualTo(UUID.fromString(started.json().get("flowRunId").asString()));
    }

    @Test
    void aSlackWebhooksSecretIsRotatedToTheOneGivenAndOnlyASlackWebhookTakesOne() {
        create("slack-rotated", "greet", "{\"mode\":\"slack\",\"secret\":\"" + SLACK_SECRET + "\"}");
        create("hub-rotated", "greet", "{}");
        String newSecret = "0123456789abcdef0123456789abcdef";
        String body = "{\"name\":\"Ada\"}";
        long now = Instant.now().getEpochSecond();

        Answer withoutSecret = admin.post("/api/webhooks/slack-rotated/rotate-secret", null);
        Answer rotated = admin.post("/api/webhooks/slack-rotated/rotate-secret", "{\"secret\":\"" + newSecret + "\"}");
        Answer secretForHub = admin.post("/api/webhooks/hub-rotated/rotate-secret", "{\"secret\":\"" + newSecret + "\"}");

        assertThat(withoutSecret.status()).as(withoutSecret.body()).isEqualTo(422);
        assertThat(fields(withoutSecret)).containsExactly("secret");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.body()).doesNotContain(newSecret).doesNotContain(SLACK_SECRET);
        assertThat(secretForHub.status()).isEqualTo(422);
        assertThat(fields(secretForHub)).containsExactly("secret");
        assertRefused(deliver("slack-rotated", body, slackHeaders(now, slackSignature(SLACK_SECRET, now, body))), 401,
                "Invalid signature");
        assertThat(deliver("slack-rotated", body, slackHeaders(now, slackSignature(newSecret, now, body))).status())
                .isEqualTo(202);
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAtOnce() {
        String old = secretOf(create("rotated", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";

        Answer rotated = admin.post("/api/webhooks/rotated/rotate-secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        String secret = rotated.json().get("secret").asString();
        assertThat(secret).startsWith("rwh_").isNotEqualTo(old);
        assertThat(admin.get("/api/webhooks/rotated").body()).doesNotContain(secret);
        assertRefused(deliver("rotated", body, "X-Hub-Signature-256", hubSignature(old, body)), 401, "Invalid signature");
        assertThat(deliver("rotated", body, "X-Hub-Signature-256", hubSignature(secret, body)).status()).isEqualTo(202);
    }

    @Test
    void aDeletedWebhookTakesNoMoreDeliveriesAndItsRunsStay() {
        String secret = secretOf(create("deleted", "greet", "{}"));
        String body = "{\"name\":\"Ada\"}";
        String run = deliver("deleted", body, "X-Hub-Signature-256", hubSignature(secret, body)).json().get("flowRunId").asString();

        assertThat(admin.delete("/api/webhooks/deleted").status()).isEqualTo(204);

        assertRefused(deliver("deleted", body, "X-Hub-Signature-256", hubSignature(secret, body)), 404, "Not found");
        assertThat(admin.get("/api/flow-runs/" + run).status()).isEqualTo(200);
    }

    @Test
    void aSecretStoredUnderAnotherKeyIs500WithoutDetailsAndStartsNoRun() {
        String secret = secretOf(create("other-key", "greet", "{}"));
        webhookStore.setSecret("other-key", new WebhookSecrets(new byte[32]).encrypt("other-key", secret));
        String body = "{\"name\":\"Ada\"}";
        int runs = runCount();

        Answer answer = deliver("other-key", body, "X-Hub-Signature-256", hubSignature(secret, body));

        assertRefused(answer, 500, "Internal error");
        assertThat(answer.json().get("detail").asString()).isEqualTo("the control plane cannot read this webhook's secret;"
                + " its log says why");
        assertThat(runCount()).isEqualTo(runs);
    }

    @Test
    void aSynchronousWebhookWhoseRunDoesNotEndInTimeAnswers202WithTheRun() {
        String secret = secretOf(create("slow", "greet", "{\"sync\":true,\"timeoutSeconds\":1}"));
        String body = "{\"name\":\"Ada\"}";

        long started = System.nanoTime();
        Answer answer = deliver("slow", body, "X-Hub-Signature-256", hubSignature(secret, body));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().get("flowRunId").asString()).isNotBlank();
        assertThat(answer.json().has("state")).isFalse();
        assertThat(tookMs).as("waited for the webhook's timeout").isBetween(900L, 5_000L);
    }

    @Test
    void aSynchronousWebhookAnswersWithTheRunsStateAndResultOnceItEnds() throws Exception {
        String secret = secretOf(create("quick", "greet", "{\"sync\":true,\"timeoutSeconds\":30}"));
        String body = "{\"name\":\"Ada\"}";

        CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(delivery("quick", body,
                "X-Hub-Signature-256", hubSignature(secret, body)), HttpResponse.BodyHandlers.ofString());
        UUID run = awaitRunOf("webhook:quick");
        finish(run, "{\"greeting\":\"Hello, Ada!\"}");

        HttpResponse<String> response = answer.get(20, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(response.body());
        assertThat(json.get("flowRunId").asString()).isEqualTo(run.toString());
        assertThat(json.get("state").get("type").asString()).isEqualTo("COMPLETED");
        assertThat(json.get("result").get("greeting").asString()).isEqualTo("Hello, Ada!");
    }

    /**
     * A path spelled another way reaches its own webhook with every check, or is refused; it never reaches another
     * webhook with the first one's signature.
     */
    @Test
    void noSpellingOfAPathLetsOneWebhooksSignatureStartAnotherOnesRun() {
        String secret = secretOf(create("target", "greet", "{}"));
        create("other", "greet", "{}");
        String body = "{\"name\":\"Ada\"}";
        String signature = hubSignature(secret, body);
        SoftAssertions softly = new SoftAssertions();
        for (String path : List.of("/hooks/target/../other", "/hooks/target/%2e%2e/other", "/hooks/target;/../other",
                "/hooks/target%2f..%2fother", "/hooks/%6fther", "/hooks/other;x", "/hooks;x/other", "//hooks/other",
                "/hooks//other", "/hooks/other/", "/HOOKS/other", "/hooks/%2e/other", "/hooks/x/../other",
                "/api/../hooks/other", "/%68ooks/other", "/hooks/other%00")) {
            RawHttp.Response answer = post(path, body, signature);
            softly.assertThat(answer.status()).as(path + " answered " + answer.body()).isIn(400, 401, 403, 404, 405);
            softly.assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
        }
        for (String path : List.of("/hooks/target;x", "/hooks;x/target", "/hooks/%74arget", "/hooks/%2e/target",
                "/hooks/other/../target", "//hooks/target", "/hooks//target", "/hooks/target/", "/HOOKS/target",
                "/hooks%2ftarget", "/hooks/target%2f", "/%68ooks/target")) {
            RawHttp.Response answer = post(path, body, signature);
            softly.assertThat(answer.status()).as(path + " answered " + answer.body()).isIn(202, 400, 401, 403, 404, 405);
            if (answer.status() == 202) {
                // a spelling of the very same path (RFC 3986 percent-encoding of a letter): the same webhook, checked
                String run = admin.get(answer.header("location")).json().get("createdBy").asString();
                softly.assertThat(run).as(path).isEqualTo("webhook:target");
            }
        }
        softly.assertThat(admin.get("/api/flow-runs?limit=200").json().get("items").valueStream()
                .filter(run -> run.get("createdBy").asString().equals("webhook:other"))).as("runs of other").isEmpty();
        softly.assertAll();
    }

    private RawHttp.Response post(String path, String body, String signature) {
        return RawHttp.exchange(port, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nX-Hub-Signature-256: " + signature + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private Answer create(String slug, String deployment, String moreFields) {
        JsonNode more = Json.mapper().readTree(moreFields);
        ObjectNode body = Json.mapper().createObjectNode().put("slug", slug).put("deployment", deployment);
        body.setAll((ObjectNode) more);
        Answer answer = admin.post("/api/webhooks", body.toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer;
    }

    private static String[] slackHeaders(long timestamp, String signature) {
        return new String[] {"X-Slack-Request-Timestamp", String.valueOf(timestamp), "X-Slack-Signature", signature};
    }

    private static String secretOf(Answer created) {
        return created.json().get("secret").asString();
    }

    private Answer deliver(String slug, String body, String... headers) {
        try {
            HttpResponse<String> response = HTTP.send(delivery(slug, body, headers), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest delivery(String slug, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/hooks/" + slug)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            request.header("Content-Type", "application/json");
        }
        return request.build();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private int runCount() {
        return admin.get("/api/flow-runs?limit=1").json().get("total").asInt();
    }

    private UUID awaitRunOf(String createdBy) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                admin.get("/api/flow-runs?limit=50").json().get("items").valueStream()
                        .filter(run -> run.get("createdBy").asString().equals(createdBy))
                        .map(run -> UUID.fromString(run.get("id").asString())).findFirst(), Optional::isPresent).orElseThrow();
    }

    /** Takes the run through PENDING and RUNNING to COMPLETED with this result, as a runner would. */
    private void finish(UUID run, String result) {
        transitions.proposeVerdict(runStore.find(run).orElseThrow(), State.of(StateType.PENDING, Instant.now()));
        ApiClient runner = admin.withKey(tokens.issue(run, 1));
        Answer claim = runner.post("/api/runner/flow-runs/" + run + "/claim", "{\"type\":\"RUNNING\",\"claimant\":\"test\"}");
        assertThat(claim.json().get("status").asString()).as(claim.body()).isEqualTo("ACCEPT");
        String ref = results.write(new FlowRunResult(run, 1), out -> out.write(result.getBytes(StandardCharsets.UTF_8)));
        Answer completed = runner.post("/api/runner/flow-runs/" + run + "/state",
                "{\"type\":\"COMPLETED\",\"claimant\":\"test\",\"resultRef\":\"" + ref + "\"}");
        assertThat(completed.json().get("status").asString()).as(completed.body()).isEqualTo("ACCEPT");
    }

    private static void assertRefused(Answer answer, int status, String title) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("title").asString()).isEqualTo(title);
    }

    private static List<String> fields(Answer answer) {
        List<String> fields = new ArrayList<>();
        answer.json().path("errors").forEach(error -> fields.add(error.get("field").asString()));
        return fields;
    }
}
