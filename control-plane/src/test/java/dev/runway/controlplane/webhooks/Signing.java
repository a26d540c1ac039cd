package dev.runway.controlplane.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as a sender does, written apart from the code under test: {@code sha256=<hex HMAC-SHA256>}, and
 * Slack's {@code v0=<hex HMAC-SHA256 of v0:<timestamp>:<body>>}.
 */
public final class Signing {

    private Signing() {
    }

    public static String hubSignature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String hubSignature(String secret, String body) {
        return hubSignature(secret, body.getBytes(StandardCharsets.UTF_8));
    }

    public static String slackSignature(String secret, long timestamp, String body) {
        String hex = hubSignature(secret, "v0:" + timestamp + ":" + body).substring("sha256=".length());
        return "v0=" + hex;
    }
}
