package dev.runway.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** runway.transport names one of the transports there are; a typo stops the start naming the setting. */
class TransportSettingTest {

    @Test
    void theDefaultIsTheLocalTransportAndPubSubIsReadInAnyCase() {
        assertThat(bind(Map.of()).transport()).isEqualTo(RunwayProperties.Transport.LOCAL);
        assertThat(bind(Map.of("runway.transport", "pubsub")).transport()).isEqualTo(RunwayProperties.Transport.PUBSUB);
        assertThat(bind(Map.of("runway.transport", "PUBSUB")).transport()).isEqualTo(RunwayProperties.Transport.PUBSUB);
    }

    @Test
    void anUnknownTransportIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("runway.transport", "pubsbu")))
                .hasMessageContaining("runway.transport");
    }

    private static RunwayProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("runway", RunwayProperties.class);
    }
}
