package dev.runway.controlplane.dispatch.pubsub;

import org.testcontainers.gcloud.PubSubEmulatorContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The dispatch scenarios against the Pub/Sub emulator of Google's Cloud CLI image, where a Docker engine exists: on a
 * machine without one they are skipped, with CI=true too (the emulator of the machine image is what CI requires).
 */
@Testcontainers(disabledWithoutDocker = true)
class PubSubContainerDispatchTest extends PubSubDispatchScenarios {

    /** The floating tag: the registry rotates numbered emulator tags out after a while. */
    @Container
    static final PubSubEmulatorContainer emulator = new PubSubEmulatorContainer(
            DockerImageName.parse("gcr.io/google.com/cloudsdktool/google-cloud-cli:emulators"));

    @Override
    String emulatorHost() {
        return emulator.getEmulatorEndpoint();
    }
}
