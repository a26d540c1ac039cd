package dev.runway.controlplane.dispatch.pubsub;

import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** {@code runway.transport=pubsub}: the outbox is published to a topic and launched from its subscription. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "runway.transport", havingValue = "pubsub")
@EnableConfigurationProperties(PubSubProperties.class)
class PubSubConfiguration {

    @Bean
    PubSubConnection pubSubConnection(PubSubProperties properties, Environment environment) {
        return PubSubConnection.of(properties.endpoint(), properties.plaintext(),
                environment.getProperty("PUBSUB_EMULATOR_HOST"));
    }

    @Bean
    PubSubTransport pubSubTransport(PubSubProperties properties, PubSubConnection connection, FlowRunStore runs,
                                    DeploymentStore deployments) {
        return new PubSubTransport(PubSubTransport.publisher(properties, connection), runs, deployments);
    }

    @Bean
    DispatchSubscribers dispatchSubscribers(PubSubProperties properties, PubSubConnection connection,
                                            LaunchHandler launches, FlowRunStore runs, Transitions transitions,
                                            Clock clock) {
        return new DispatchSubscribers(properties, connection, new DispatchReceiver(launches::launch, runs),
                new DeadLetterReceiver(runs, transitions, clock));
    }
}
