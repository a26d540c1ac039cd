package dev.runway.controlplane.webhooks;

import dev.runway.model.WebhookSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a webhook knows a delivery comes from whoever holds its secret: an HMAC-SHA256 signature of the raw
 * body, as GitHub sends it; Slack's HMAC-SHA256 of a timestamp and the body; or the secret itself in a header,
 * for senders that cannot sign.
 *
 * <p>All compare two arrays of the same length with {@link MessageDigest#isEqual}, and do so even when the
 * header is absent or malformed (against a stand-in), so how long a check takes tells nothing about the
 * secret or about how close a guess came.
 */
public sealed interface WebhookSignature {

    String HUB_SIGNATURE_HEADER = "X-Hub-Signature-256";
    String TOKEN_HEADER = "X-Runway-Token";
    String SLACK_SIGNATURE_HEADER = "X-Slack-Signature";
    String SLACK_TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";

    /** The header the check reads. */
    String header();

    /** Checks one delivery: its headers and its body exactly as received (the HMAC covers these bytes). */
    SignatureCheck check(String secret, DeliveryHeaders headers, byte[] body);

    /** What a sender puts in the header, for a refusal to say (never the secret itself). */
    String form();

    /**
     * The check of a webhook's {@code mode} ({@link WebhookSpec#HMAC_SHA256}, {@link WebhookSpec#SLACK} or
     * {@link WebhookSpec#TOKEN}) reading {@code header}; {@code clock} tells a Slack request's age.
     *
     * @throws IllegalArgumentException when the mode is none of these or the header is not an HTTP header name
     */
    static WebhookSignature of(String mode, String header, Clock clock) {
        return switch (mode) {
            case WebhookSpec.HMAC_SHA256 -> new HubSignature(header);
            case WebhookSpec.SLACK -> new SlackSignature(header, clock);
            case WebhookSpec.TOKEN -> new SharedToken(header);
            default -> throw new IllegalArgumentException("not a webhook mode: " + mode);
        };
    }

    /** The header a webhook of {@code mode} reads unless told otherwise. */
    static String defaultHeader(String mode) {
        return switch (mode) {
            case WebhookSpec.TOKEN -> TOKEN_HEADER;
            case WebhookSpec.SLACK -> SLACK_SIGNATURE_HEADER;
            default -> HUB_SIGNATURE_HEADER;
        };
    }

    /** GitHub's signature: {@code X-Hub-Signature-256: sha256=<hex>}. */
    static WebhookSignature hubSignature() {
        return new HubSignature(HUB_SIGNATURE_HEADER);
    }

    /** Slack's signature in {@code X-Slack-Signature}, its timestamp read against {@code clock}. */
    static WebhookSignature slackSignature(Clock clock) {
        return new SlackSignature(SLACK_SIGNATURE_HEADER, clock);
    }

    /** The secret itself in {@code X-Runway-Token}. */
    static WebhookSignature sharedToken() {
        return new SharedToken(TOKEN_HEADER);
    }

    private static String requireSecret(String secret) {
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("a webhook's secret cannot be empty");
        }
        return secret;
    }

    /**
     * {@code <header>: sha256=<hex of HMAC-SHA256(secret, raw body)>}. The hex digits may be upper or lower
     * case (they stand for the same bytes); the {@code sha256=} prefix is exact, and GitHub's older
     * {@code sha1=} signatures are refused as malformed.
     */
    record HubSignature(String header) implements WebhookSignature {

        private static final String PREFIX = "sha256=";
        private static final int MAC_BYTES = 32;

        public HubSignature {
            DeliveryHeaders.requireName(header);
        }

        @Override
        public String form() {
            return header + ": sha256=<hex of the HMAC-SHA256 of the raw body, keyed with the webhook's secret>";
        }

        @Override
        public SignatureCheck check(String secret, DeliveryHeaders headers, byte[] body) {
            byte[] expected = hmacSha256(requireSecret(secret), body);
            List<String> values = headers.values(header);
            String value = values.size() == 1 ? values.getFirst().strip() : "";
            String fault = fault(value);
            byte[] presented = fault == null ? HexFormat.of().parseHex(value, PREFIX.length(), value.length())
                    : new byte[MAC_BYTES];
            boolean equal = MessageDigest.isEqual(expected, presented);
            if (values.isEmpty()) {
                return SignatureCheck.missing(header);
            }
            if (values.size() > 1) {
                return SignatureCheck.malformed(header, "is sent " + values.size() + " times; send it once");
            }
            if (fault != null) {
                return SignatureCheck.malformed(header, fault);
            }
            return equal ? SignatureCheck.valid(header) : SignatureCheck.mismatch(header,
                    "does not match the body: sign the raw body with this webhook's secret (HMAC-SHA256)");
        }

        /** What is wrong with the header's form, or null when it is sha256= and 64 hex digits. */
        private static String fault(String value) {
            if (value.startsWith("sha1=")) {
                return "holds a SHA-1 signature; this webhook checks sha256=<64 hex digits> (HMAC-SHA256)";
            }
            return prefixedHex(value, PREFIX, MAC_BYTES) ? null
                    : "must be sha256=<64 hex digits> (HMAC-SHA256 of the raw body)";
        }
    }

    /**
     * Slack's signing: {@code X-Slack-Request-Timestamp: <unix seconds>} and
     * {@code <header>: v0=<hex of HMAC-SHA256(secret, "v0:" + timestamp + ":" + raw body)>}. The timestamp is
     * inside the signature, so a request whose timestamp is more than {@link #MAX_AGE} from {@code clock} is refused:
     * a recorded request cannot be replayed later, and its timestamp cannot be moved without the secret.
     */
    record SlackSignature(String header, Clock clock) implements WebhookSignature {

        static final Duration MAX_AGE = Duration.ofMinutes(5);
        private static final String PREFIX = "v0=";
        private static final int MAC_BYTES = 32;
        /** Unix seconds: 10 digits until 2286; a few more leave room without letting a long number through. */
        private static final int MAX_TIMESTAMP_DIGITS = 12;

        public SlackSignature {
            DeliveryHeaders.requireName(header);
        }

        @Override
        public String form() {
            return SLACK_TIMESTAMP_HEADER + ": <unix seconds> and " + header + ": v0=<hex of the HMAC-SHA256 of"
                    + " v0:<timestamp>:<raw body>, keyed with the Slack app's signing secret>";
        }

        @Override
        public SignatureCheck check(String secret, DeliveryHeaders headers, byte[] body) {
            List<String> timestamps = headers.values(SLACK_TIMESTAMP_HEADER);
            List<String> values = headers.values(header);
            String timestamp = timestamps.size() == 1 ? timestamps.getFirst().strip() : "";
            String value = values.size() == 1 ? values.getFirst().strip() : "";
            byte[] signed = ("v0:" + timestamp + ":").getBytes(StandardCharsets.US_ASCII);
            byte[] expected = hmacSha256(requireSecret(secret), signed, body);
            boolean wellFormed = prefixedHex(value, PREFIX, MAC_BYTES);
            byte[] presented = wellFormed ? HexFormat.of().parseHex(value, PREFIX.length(), value.length())
                    : new byte[MAC_BYTES];
            boolean equal = MessageDigest.isEqual(expected, presented);
            if (values.isEmpty()) {
                return SignatureCheck.missing(header);
            }
            if (timestamps.isEmpty()) {
                return SignatureCheck.missing(SLACK_TIMESTAMP_HEADER);
            }
            if (values.size() > 1) {
                return SignatureCheck.malformed(header, "is sent " + values.size() + " times; send it once");
            }
            if (timestamps.size() > 1) {
                return SignatureCheck.malformed(SLACK_TIMESTAMP_HEADER, "is sent " + timestamps.size()
                        + " times; send it once");
            }
            if (timestamp.isEmpty() || timestamp.length() > MAX_TIMESTAMP_DIGITS
                    || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return SignatureCheck.malformed(SLACK_TIMESTAMP_HEADER, "must be the request's time in unix seconds");
            }
            if (!wellFormed) {
                return SignatureCheck.malformed(header, "must be v0=<64 hex digits> (HMAC-SHA256 of v0:<timestamp>:<body>)");
            }
            long age = clock.instant().getEpochSecond() - Long.parseLong(timestamp);
            if (Math.abs(age) > MAX_AGE.toSeconds()) {
                return SignatureCheck.stale(SLACK_TIMESTAMP_HEADER, "is " + Math.abs(age) + " s " + (age > 0 ? "behind"
                        : "ahead of") + " the control plane's clock; more than " + MAX_AGE.toSeconds()
                        + " s apart is refused as a replay (or the sender's clock is off)");
            }
            return equal ? SignatureCheck.valid(header) : SignatureCheck.mismatch(header,
                    "does not match the timestamp and body: sign v0:<timestamp>:<raw body> with the Slack app's"
                            + " signing secret (HMAC-SHA256)");
        }
    }

    /** Whether {@code value} is {@code prefix} and the hex digits of {@code bytes} bytes. */
    private static boolean prefixedHex(String value, String prefix, int bytes) {
        return value.startsWith(prefix) && value.length() == prefix.length() + 2 * bytes
                && value.chars().skip(prefix.length()).allMatch(HexFormat::isHexDigit);
    }

    private static byte[] hmacSha256(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * {@code <header>: <the secret>}. Both sides are compared as SHA-256 digests, so the arrays compared
     * always have the same length and the secret's length does not show either.
     */
    record SharedToken(String header) implements WebhookSignature {

        public SharedToken {
            DeliveryHeaders.requireName(header);
        }

        @Override
        public String form() {
            return header + ": <the webhook's secret>";
        }

        @Override
        public SignatureCheck check(String secret, DeliveryHeaders headers, byte[] body) {
            byte[] expected = sha256(requireSecret(secret));
            List<String> values = headers.values(header);
            byte[] presented = sha256(values.size() == 1 ? values.getFirst().strip() : "");
            boolean equal = MessageDigest.isEqual(expected, presented);
            if (values.isEmpty()) {
                return SignatureCheck.missing(header);
            }
            if (values.size() > 1) {
                return SignatureCheck.malformed(header, "is sent " + values.size() + " times; send it once");
            }
            return equal ? SignatureCheck.valid(header) : SignatureCheck.mismatch(header, "is not this webhook's secret");
        }

        private static byte[] sha256(String text) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("SHA-256 unavailable", e);
            }
        }
    }
}
