package dev.runway.controlplane.dispatch.pubsub;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * With {@code runway.cloud-run.enabled=true}, the start messages of {@code cloud-run-worker-pool} pools go to Pub/Sub,
 * reached as {@code runway.pubsub.endpoint}/{@code plaintext} or {@code PUBSUB_EMULATOR_HOST} say, whichever
 * dispatch transport this control plane uses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "runway.cloud-run.enabled", havingValue = "true")
class WarmInboxConfiguration {

    @Bean(destroyMethod = "close")
    PubSubWarmInboxes pubSubWarmInboxes(Environment environment) {
        return new PubSubWarmInboxes(PubSubConnection.of(environment.getProperty("runway.pubsub.endpoint"),
                environment.getProperty("runway.pubsub.plaintext", Boolean.class, false),
                environment.getProperty("PUBSUB_EMULATOR_HOST")));
    }
}
