package dev.runway.controlplane.webhooks;

import dev.runway.controlplane.config.RunwayProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key webhook secrets are stored encrypted under: {@code runway.webhooks.key} when set (control planes that
 * share a database must share it too), else {@code <home>/webhook.key}, made owner-only on first start. Read at
 * start, so a key that is not one stops the control plane before any delivery is refused for it.
 */
@Configuration(proxyBeanMethods = false)
class WebhookKey {

    static final String SETTING = "runway.webhooks.key";
    static final String FILE = "webhook.key";

    private static final Logger log = LoggerFactory.getLogger(WebhookKey.class);

    @Bean
    WebhookSecrets webhookSecrets(RunwayProperties properties) {
        String configured = properties.webhooks().key();
        if (configured != null && !configured.isBlank()) {
            return WebhookSecrets.fromText(configured, SETTING);
        }
        Path file = properties.home().resolve(FILE);
        WebhookSecrets secrets = WebhookSecrets.fromKeyFile(file);
        log.info("webhook secrets are encrypted under the key in {} (set {} to share one among control planes)",
                file.toAbsolutePath().normalize(), SETTING);
        return secrets;
    }
}
