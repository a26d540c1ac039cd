package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.body;
import static dev.runway.controlplane.webhooks.Deliveries.headers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.controlplane.webhooks.SignatureCheck.Outcome;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    /** GitHub's documented example (docs.github.com, "Validating webhook deliveries"). */
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final byte[] GITHUB_PAYLOAD = body("Hello, World!");
    private static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final WebhookSignature hub = WebhookSignature.hubSignature();
    private final WebhookSignature token = WebhookSignature.sharedToken();

    @Test
    void githubsDocumentedExampleIsValid() {
        SignatureCheck check = hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", GITHUB_SIGNATURE), GITHUB_PAYLOAD);

        assertThat(check.outcome()).isEqualTo(Outcome.VALID);
        assertThat(check.valid()).isTrue();
    }

    @Test
    void theHeaderIsFoundWhateverTheCaseOfItsName() {
        assertThat(hub.check(GITHUB_SECRET, headers("x-hub-signature-256", GITHUB_SIGNATURE), GITHUB_PAYLOAD).valid())
                .isTrue();
    }

    @Test
    void upperCaseHexStandsForTheSameBytesAndIsAccepted() {
        String upper = "sha256=" + GITHUB_SIGNATURE.substring("sha256=".length()).toUpperCase();

        assertThat(hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", upper), GITHUB_PAYLOAD).valid()).isTrue();
    }

    @Test
    void aBodyWithOneByteChangedDoesNotMatch() {
        SignatureCheck check = hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", GITHUB_SIGNATURE),
                body("Hello, World?"));

        assertThat(check.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(check.message()).contains("X-Hub-Signature-256").contains("does not match");
    }

    @Test
    void anotherSecretDoesNotMatch() {
        assertThat(hub.check("It's a Secret to Nobody", headers("X-Hub-Signature-256", GITHUB_SIGNATURE),
                GITHUB_PAYLOAD).outcome()).isEqualTo(Outcome.MISMATCH);
    }

    @Test
    void noSignatureIsMissing() {
        SignatureCheck check = hub.check(GITHUB_SECRET, headers("X-Runway-Token", GITHUB_SECRET), GITHUB_PAYLOAD);

        assertThat(check.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(check.message()).isEqualTo("the request has no X-Hub-Signature-256 header");
    }

    @Test
    void signaturesNotOfTheFormSha256AndSixtyFourHexDigitsAreMalformed() {
        String hex = GITHUB_SIGNATURE.substring("sha256=".length());
        for (String malformed : new String[] {
                hex, "sha1=" + hex.substring(0, 40), "SHA256=" + hex, "sha256=" + hex.substring(1),
                "sha256=" + hex + "00", "sha256=" + hex.substring(1) + "g", "sha256=", ""}) {
            SignatureCheck check = hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", malformed), GITHUB_PAYLOAD);

            assertThat(check.outcome()).as(malformed).isEqualTo(Outcome.MALFORMED);
            assertThat(check.message()).as(malformed).startsWith("the X-Hub-Signature-256 header ");
        }
        assertThat(hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", "sha1=0123"), GITHUB_PAYLOAD).message())
                .contains("SHA-1");
    }

    @Test
    void aSignatureSentTwiceIsMalformedEvenWhenOneOfThemIsRight() {
        SignatureCheck check = hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", GITHUB_SIGNATURE,
                "x-hub-signature-256", "sha256=" + "0".repeat(64)), GITHUB_PAYLOAD);

        assertThat(check.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(check.message()).contains("2 times");
    }

    @Test
    void noMessageGivesTheExpectedSignatureAway() {
        String expectedHex = GITHUB_SIGNATURE.substring("sha256=".length());
        for (String presented : new String[] {"sha256=" + "0".repeat(64), "sha256=abc", "sha1=abc"}) {
            assertThat(hub.check(GITHUB_SECRET, headers("X-Hub-Signature-256", presented), GITHUB_PAYLOAD).message())
                    .doesNotContainIgnoringCase(expectedHex).doesNotContain(GITHUB_SECRET);
        }
        assertThat(token.check(GITHUB_SECRET, headers("X-Runway-Token", "guess"), GITHUB_PAYLOAD).message())
                .doesNotContain(GITHUB_SECRET);
    }

    @Test
    void theHubSignatureCanBeReadFromAnotherHeader() {
        WebhookSignature gitea = new WebhookSignature.HubSignature("X-Gitea-Signature-256");

        assertThat(gitea.check(GITHUB_SECRET, headers("X-Gitea-Signature-256", GITHUB_SIGNATURE), GITHUB_PAYLOAD).valid())
                .isTrue();
        assertThat(gitea.check(GITHUB_SECRET, headers("X-Hub-Signature-256", GITHUB_SIGNATURE), GITHUB_PAYLOAD).outcome())
                .isEqualTo(Outcome.MISSING);
    }

    @Test
    void aSharedTokenIsValidWhenItIsTheSecretWhateverTheBody() {
        String secret = WebhookSecrets.newSecret();

        assertThat(token.check(secret, headers("x-runway-token", secret), body("anything")).valid()).isTrue();
        assertThat(token.check(secret, headers("X-Runway-Token", secret), new byte[0]).valid()).isTrue();
    }

    @Test
    void aSharedTokenThatIsNotTheSecretIsAMismatchWhateverItsLength() {
        String secret = WebhookSecrets.newSecret();
        for (String presented : new String[] {secret.substring(1), secret + "x", "", WebhookSecrets.newSecret()}) {
            SignatureCheck check = token.check(secret, headers("X-Runway-Token", presented), body("{}"));

            assertThat(check.outcome()).as(presented).isEqualTo(Outcome.MISMATCH);
            assertThat(check.message()).isEqualTo("the X-Runway-Token header is not this webhook's secret");
        }
    }

    @Test
    void aSharedTokenMissingOrSentTwiceIsRefused() {
        String secret = WebhookSecrets.newSecret();

        assertThat(token.check(secret, headers(), body("{}")).outcome()).isEqualTo(Outcome.MISSING);
        assertThat(token.check(secret, headers("X-Runway-Token", secret, "X-Runway-Token", secret), body("{}")).outcome())
                .isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void theTokenHeaderCanBeNamed() {
        WebhookSignature gitlab = new WebhookSignature.SharedToken("X-Gitlab-Token");

        assertThat(gitlab.check("s3cret", headers("X-Gitlab-Token", "s3cret"), body("{}")).valid()).isTrue();
        assertThat(gitlab.check("s3cret", headers("X-Runway-Token", "s3cret"), body("{}")).outcome())
                .isEqualTo(Outcome.MISSING);
    }

    @Test
    void anEmptySecretOrABadHeaderNameIsAProgrammingError() {
        assertThatThrownBy(() -> token.check("", headers("X-Runway-Token", ""), body("{}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hub.check("", headers(), body("{}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSignature.SharedToken("X Token")).isInstanceOf(IllegalArgumentException.class);
    }
}
