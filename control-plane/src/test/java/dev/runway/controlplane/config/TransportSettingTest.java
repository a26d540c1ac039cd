package dev.runway.controlplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** runway.transport names one of the transports there are; a typo stops the start naming the setting. */
class TransportSettingTest {

    @Test
    void theDefaultIsTheLocalTransportAndPubSubIsReadInAnyCase() {
        assertThat(RunwaySettings.bind(Map.of()).transport()).isEqualTo(RunwayProperties.Transport.LOCAL);
        assertThat(RunwaySettings.bind(Map.of("runway.transport", "pubsub")).transport()).isEqualTo(RunwayProperties.Transport.PUBSUB);
        assertThat(RunwaySettings.bind(Map.of("runway.transport", "PUBSUB")).transport()).isEqualTo(RunwayProperties.Transport.PUBSUB);
    }

    @Test
    void anUnknownTransportIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> RunwaySettings.bind(Map.of("runway.transport", "pubsbu")))
                .hasMessageContaining("runway.transport");
    }
}
