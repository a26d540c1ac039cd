package dev.runway.controlplane.auth;

import dev.runway.controlplane.config.RunwayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The admin API key: configured, or generated on first start into {@code <home>/api-key}. */
@Component
public class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

    private final byte[] adminKey;

    public ApiKeys(RunwayProperties properties) {
        String configured = properties.auth().apiKey();
        String key;
        if (configured != null && !configured.isBlank()) {
            key = configured;
        } else {
            var file = properties.home().resolve("api-key");
            key = Secrets.readOrCreate(file, "rwk_");
            log.info("admin API key is in {}", file.toAbsolutePath().normalize());
        }
        this.adminKey = key.getBytes(StandardCharsets.UTF_8);
    }

    public boolean isAdmin(String presented) {
        return MessageDigest.isEqual(adminKey, presented.getBytes(StandardCharsets.UTF_8));
    }
}
