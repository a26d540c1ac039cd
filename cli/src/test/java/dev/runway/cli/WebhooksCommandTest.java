package dev.runway.cli;

import static dev.runway.cli.Fixtures.T0;
import static dev.runway.cli.Fixtures.aPage;
import static dev.runway.cli.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cli.FakeRunway.Answer;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** webhooks create, ls, rotate-secret, disable, enable and rm. */
class WebhooksCommandTest {

    private static final String SECRET = "rwh_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

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
    void createSendsTheSpecAndPrintsTheUrlAndTheSecretOnce() {
        server.on("POST", "/api/webhooks", request -> Answer.json(201, new WebhookWithSecret(webhook(new WebhookSpec(
                "on-push", "etl", (ObjectNode) request.json().get("template"), false, null,
                "hmac-sha256", "X-Hub-Signature-256"), true), SECRET)));

        var outcome = Cli.against(server, dir).run("webhooks", "create", "on-push", "--deployment", "etl",
                "--template", "{\"ref\":\"{{ body.ref }}\"}");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).isEqualTo("webhook on-push created: POST " + server.url() + "/hooks/on-push starts a"
                + " run of etl\n"
                + "secret: " + SECRET + "\n"
                + "  shown only now: give it to the sender, which signs each delivery with it: X-Hub-Signature-256:"
                + " sha256=<hex HMAC-SHA256 of the body> (GitHub: the webhook's Secret)\n");
        JsonNode sent = server.last("POST", "/api/webhooks").json();
        assertThat(sent.get("slug").asString()).isEqualTo("on-push");
        assertThat(sent.get("deployment").asString()).isEqualTo("etl");
        assertThat(sent.get("template")).isEqualTo(json("{\"ref\":\"{{ body.ref }}\"}"));
        assertThat(sent.get("sync").asBoolean()).isFalse();
        assertThat(sent.get("mode").asString()).isEqualTo("hmac-sha256");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aSynchronousTokenWebhookSaysHowLongItWaitsAndWhereTheTokenGoes() {
        server.on("POST", "/api/webhooks", Answer.json(201, new WebhookWithSecret(webhook(new WebhookSpec("alert",
                "hello", null, true, 10, "token", "X-Runway-Token"), true), SECRET)));

        var outcome = Cli.against(server, dir).run("webhooks", "create", "alert", "--deployment", "hello", "--sync",
                "--timeout", "10", "--token");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).contains("starts a run of hello and answers with its result within 10 s\n")
                .contains("sends it in each delivery as X-Runway-Token: <secret>");
        JsonNode sent = server.last("POST", "/api/webhooks").json();
        assertThat(sent.get("sync").asBoolean()).isTrue();
        assertThat(sent.get("timeoutSeconds").asInt()).isEqualTo(10);
        assertThat(sent.get("mode").asString()).isEqualTo("token");
    }

    @Test
    void aSlackWebhookSendsTheSigningSecretReadFromStdinAndNeverPrintsIt() {
        String signingSecret = "8f742231b10e8888abcd99yyyzzz85a5";
        server.on("POST", "/api/webhooks", Answer.json(201, new WebhookWithSecret(webhook(new WebhookSpec("slack-events",
                "etl", null, false, null, "slack", "X-Slack-Signature"), true), null)));

        var outcome = Cli.against(server, dir).stdin(signingSecret + "\n").run("webhooks", "create", "slack-events",
                "--deployment", "etl", "--slack", "--secret-stdin");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).doesNotContain(signingSecret).endsWith("secret: the one given, kept encrypted and not"
                + " shown; Slack signs each delivery with it: X-Slack-Signature: v0=<hex HMAC-SHA256 of"
                + " v0:<timestamp>:<body>>\n");
        JsonNode sent = server.last("POST", "/api/webhooks").json();
        assertThat(sent.get("mode").asString()).isEqualTo("slack");
        assertThat(sent.get("secret").asString()).isEqualTo(signingSecret);
    }

    @Test
    void slackWithoutASecretOrASecretWithoutSlackIsRefusedBeforeAnyRequest() {
        var noSecret = Cli.against(server, dir).run("webhooks", "create", "x", "--deployment", "etl", "--slack");
        var emptyStdin = Cli.against(server, dir).stdin("\n").run("webhooks", "create", "x", "--deployment", "etl",
                "--slack", "--secret-stdin");
        var secretForHub = Cli.against(server, dir).stdin("0123456789abcdef\n").run("webhooks", "create", "x",
                "--deployment", "etl", "--secret-stdin");

        assertThat(noSecret.err()).isEqualTo("error: --slack needs the Slack app's signing secret: pipe it in with"
                + " --secret-stdin\n");
        assertThat(emptyStdin.err()).startsWith("error: --secret-stdin read no secret");
        assertThat(secretForHub.err()).isEqualTo("error: --secret-stdin is for a --slack webhook; Runway makes the"
                + " others' secrets\n");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aSlackWebhooksSecretIsRotatedToTheOneReadFromStdin() {
        server.on("POST", "/api/webhooks/slack-events/rotate-secret", Answer.json(200, new WebhookWithSecret(webhook(
                new WebhookSpec("slack-events", "etl", null, false, null, "slack", "X-Slack-Signature"), true), null)));

        var outcome = Cli.against(server, dir).stdin("0123456789abcdef0123456789abcdef").run("webhooks", "rotate-secret",
                "slack-events", "--secret-stdin");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).doesNotContain("0123456789abcdef").contains("secret: the one given");
        assertThat(server.last("POST", "/api/webhooks/slack-events/rotate-secret").json().get("secret").asString())
                .isEqualTo("0123456789abcdef0123456789abcdef");
    }

    @Test
    void aTimeoutWithoutSyncOrATemplateThatIsNoJsonObjectIsRefusedBeforeAnyRequest() {
        var timeout = Cli.against(server, dir).run("webhooks", "create", "x", "--deployment", "etl", "--timeout", "5");
        var template = Cli.against(server, dir).run("webhooks", "create", "x", "--deployment", "etl", "--template", "[1]");

        assertThat(timeout.exitCode()).isEqualTo(1);
        assertThat(timeout.err()).isEqualTo("error: --timeout is how long a synchronous webhook waits: add --sync\n");
        assertThat(template.exitCode()).isEqualTo(2);
        assertThat(template.err()).contains("is not a JSON object");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void whatTheServerFindsWrongIsShownFieldByField() {
        server.on("POST", "/api/webhooks", Answer.problem(422, "Invalid input", "invalid webhook",
                Map.of("deployment", "'nope' is not a deployment (GET /api/deployments lists them)")));

        var outcome = Cli.against(server, dir).run("webhooks", "create", "x", "--deployment", "nope");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: Invalid input: invalid webhook\n"
                + "  deployment: 'nope' is not a deployment (GET /api/deployments lists them)\n");
    }

    @Test
    void listsWebhooksWithTheirCheckAndUrl() {
        server.on("GET", "/api/webhooks", Answer.json(200, aPage(List.of(
                webhook(new WebhookSpec("alert", "hello", null, true, 30, "token", "X-Runway-Token"), false),
                webhook(new WebhookSpec("on-push", "etl", null, false, null, "hmac-sha256", "X-Hub-Signature-256"), true)))));

        var outcome = Cli.against(server, dir).run("webhooks", "ls");

        assertThat(outcome.err()).isEmpty();
        String url = server.url();
        assertThat(outcome.out()).isEqualTo(String.join("\n",
                "SLUG     DEPLOYMENT  CHECK                            SYNC  ENABLED  URL",
                "alert    hello       token X-Runway-Token             30 s  no       " + url + "/hooks/alert",
                "on-push  etl         hmac-sha256 X-Hub-Signature-256  no    yes      " + url + "/hooks/on-push", ""));
    }

    @Test
    void noWebhooksSaysSo() {
        server.on("GET", "/api/webhooks", Answer.json(200, aPage(List.of())));

        assertThat(Cli.against(server, dir).run("webhooks", "ls").out()).isEqualTo("no webhooks\n");
    }

    @Test
    void rotateSecretPrintsTheNewSecretOnce() {
        server.on("POST", "/api/webhooks/on-push/rotate-secret", Answer.json(200, new WebhookWithSecret(webhook(
                new WebhookSpec("on-push", "etl", null, false, null, "hmac-sha256", "X-Hub-Signature-256"), true), SECRET)));

        var outcome = Cli.against(server, dir).run("webhooks", "rotate-secret", "on-push");

        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).startsWith("webhook on-push: new secret; deliveries signed with the old one are"
                + " refused from now on\nsecret: " + SECRET + "\n");
    }

    @Test
    void disablesEnablesAndDeletesAWebhook() {
        WebhookSpec spec = new WebhookSpec("on-push", "etl", null, false, null, "hmac-sha256", "X-Hub-Signature-256");
        server.on("POST", "/api/webhooks/on-push/disable", Answer.json(200, webhook(spec, false)));
        server.on("POST", "/api/webhooks/on-push/enable", Answer.json(200, webhook(spec, true)));
        server.on("DELETE", "/api/webhooks/on-push", new Answer(204, "application/json", "", Map.of()));

        var disabled = Cli.against(server, dir).run("webhooks", "disable", "on-push");
        var enabled = Cli.against(server, dir).run("webhooks", "enable", "on-push");
        var deleted = Cli.against(server, dir).run("webhooks", "rm", "on-push");

        assertThat(disabled.out()).isEqualTo("webhook on-push: disabled; its deliveries are refused\n");
        assertThat(enabled.out()).isEqualTo("webhook on-push: enabled\n");
        assertThat(deleted.out()).isEqualTo("webhook on-push deleted; the runs it started are kept\n");
    }

    @Test
    void anUnknownWebhookIsReportedAsTheServerSaysIt() {
        server.on("POST", "/api/webhooks/nope/disable", Answer.problem(404, "Not found",
                "no webhook 'nope' (GET /api/webhooks lists them)", Map.of()));

        var outcome = Cli.against(server, dir).run("webhooks", "disable", "nope");

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.err()).isEqualTo("error: Not found: no webhook 'nope' (GET /api/webhooks lists them)\n");
    }

    private static Webhook webhook(WebhookSpec spec, boolean enabled) {
        return new Webhook(spec, enabled, T0, T0);
    }
}
