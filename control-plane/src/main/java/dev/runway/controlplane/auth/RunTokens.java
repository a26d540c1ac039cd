package dev.runway.controlplane.auth;

import dev.runway.controlplane.config.RunwayProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Per-run tokens for runners: {@code rwr_<run id>.<attempt>.<HMAC>}. Signed rather than stored, so
 * a control plane restart or a second replica accepts them without a lookup.
 */
@Component
public class RunTokens {

    private static final String PREFIX = "rwr_";
    private final SecretKeySpec key;

    public RunTokens(RunwayProperties properties) {
        String configured = properties.auth().tokenSecret();
        String secret = configured != null && !configured.isBlank()
                ? configured : Secrets.readOrCreate(properties.home().resolve("token-secret"), "");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String issue(UUID runId, int attempt) {
        String claim = runId + "." + attempt;
        return PREFIX + claim + "." + sign(claim);
    }

    public Optional<RunGrant> verify(String token) {
        if (!token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = token.substring(PREFIX.length()).split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        String claim = parts[0] + "." + parts[1];
        if (!MessageDigest.isEqual(sign(claim).getBytes(StandardCharsets.UTF_8), parts[2].getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RunGrant(UUID.fromString(parts[0]), Integer.parseInt(parts[1])));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private String sign(String claim) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(claim.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
