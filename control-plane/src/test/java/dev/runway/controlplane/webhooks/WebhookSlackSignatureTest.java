package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.body;
import static dev.runway.controlplane.webhooks.Deliveries.headers;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.webhooks.SignatureCheck.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class WebhookSlackSignatureTest {

    /** Slack's documented example (api.slack.com, "Verifying requests from Slack"). */
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long TIMESTAMP = 1531420618;
    private static final byte[] BODY = body("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect"
            + "&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c");
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private final WebhookSignature slack = WebhookSignature.slackSignature(at(TIMESTAMP + 30));

    @Test
    void slacksDocumentedExampleIsValid() {
        SignatureCheck check = slack.check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE), BODY);

        assertThat(check.outcome()).as(check.message()).isEqualTo(Outcome.VALID);
    }

    @Test
    void aChangedBodyTimestampOrSecretDoesNotMatch() {
        String bodyText = new String(BODY, StandardCharsets.UTF_8);
        SignatureCheck otherBody = slack.check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE),
                body(bodyText.replace("foobar", "foobaz")));
        SignatureCheck otherTimestamp = slack.check(SECRET, signed(String.valueOf(TIMESTAMP + 1), SIGNATURE), BODY);
        SignatureCheck otherSecret = slack.check(SECRET.replace('8', '9'), signed(String.valueOf(TIMESTAMP), SIGNATURE),
                BODY);

        for (SignatureCheck check : new SignatureCheck[] {otherBody, otherTimestamp, otherSecret}) {
            assertThat(check.outcome()).isEqualTo(Outcome.MISMATCH);
            assertThat(check.message()).startsWith("the X-Slack-Signature header does not match")
                    .doesNotContain(SECRET).doesNotContain(SIGNATURE.substring(3));
        }
    }

    @Test
    void aTimestampMoreThanFiveMinutesFromTheClockIsRefusedAsAReplay() {
        SignatureCheck stale = WebhookSignature.slackSignature(at(TIMESTAMP + 301))
                .check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE), BODY);
        SignatureCheck ahead = WebhookSignature.slackSignature(at(TIMESTAMP - 301))
                .check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE), BODY);
        SignatureCheck justInTime = WebhookSignature.slackSignature(at(TIMESTAMP + 300))
                .check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE), BODY);

        assertThat(stale.outcome()).isEqualTo(Outcome.STALE);
        assertThat(stale.message()).isEqualTo("the X-Slack-Request-Timestamp header is 301 s behind the control plane's"
                + " clock; more than 300 s apart is refused as a replay (or the sender's clock is off)");
        assertThat(ahead.outcome()).isEqualTo(Outcome.STALE);
        assertThat(ahead.message()).contains("301 s ahead of");
        assertThat(justInTime.valid()).isTrue();
    }

    @Test
    void eitherHeaderMissingIsMissingNamingIt() {
        SignatureCheck noSignature = slack.check(SECRET, headers("X-Slack-Request-Timestamp", "1531420618"), BODY);
        SignatureCheck noTimestamp = slack.check(SECRET, headers("X-Slack-Signature", SIGNATURE), BODY);

        assertThat(noSignature.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(noSignature.message()).isEqualTo("the request has no X-Slack-Signature header");
        assertThat(noTimestamp.outcome()).isEqualTo(Outcome.MISSING);
        assertThat(noTimestamp.message()).isEqualTo("the request has no X-Slack-Request-Timestamp header");
    }

    @Test
    void malformedOrRepeatedHeadersAreMalformed() {
        String hex = SIGNATURE.substring(3);
        for (String timestamp : new String[] {"", "-1531420618", "1531420618.5", "153142061800000", "soon"}) {
            SignatureCheck check = slack.check(SECRET, signed(timestamp, SIGNATURE), BODY);

            assertThat(check.outcome()).as(timestamp).isEqualTo(Outcome.MALFORMED);
            assertThat(check.message()).as(timestamp).startsWith("the X-Slack-Request-Timestamp header must be");
        }
        for (String signature : new String[] {hex, "v1=" + hex, "v0=" + hex.substring(1), "v0=" + hex + "00",
                "sha256=" + hex}) {
            SignatureCheck check = slack.check(SECRET, signed(String.valueOf(TIMESTAMP), signature), BODY);

            assertThat(check.outcome()).as(signature).isEqualTo(Outcome.MALFORMED);
            assertThat(check.message()).as(signature).startsWith("the X-Slack-Signature header must be v0=");
        }
        assertThat(slack.check(SECRET, headers("X-Slack-Request-Timestamp", "1531420618", "X-Slack-Signature", SIGNATURE,
                "X-Slack-Signature", SIGNATURE), BODY).outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(slack.check(SECRET, headers("X-Slack-Request-Timestamp", "1531420618", "X-Slack-Request-Timestamp",
                "1531420618", "X-Slack-Signature", SIGNATURE), BODY).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void theModeAndItsDefaultHeaderAreSlacks() {
        WebhookSignature ofMode = WebhookSignature.of("slack", WebhookSignature.defaultHeader("slack"), at(TIMESTAMP));

        assertThat(ofMode.header()).isEqualTo("X-Slack-Signature");
        assertThat(ofMode.check(SECRET, signed(String.valueOf(TIMESTAMP), SIGNATURE), BODY).valid()).isTrue();
    }

    private static DeliveryHeaders signed(String timestamp, String signature) {
        return headers("X-Slack-Request-Timestamp", timestamp, "X-Slack-Signature", signature);
    }

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }
}
