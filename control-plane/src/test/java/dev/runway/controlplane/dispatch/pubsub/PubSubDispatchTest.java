package dev.runway.controlplane.dispatch.pubsub;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The dispatch scenarios against Google's Pub/Sub emulator as the machine image installs it (CI=true requires it). */
class PubSubDispatchTest extends PubSubDispatchScenarios {

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();

    @Override
    String emulatorHost() {
        return emulator.hostAndPort();
    }
}
