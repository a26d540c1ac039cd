package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A control plane on one machine whose runs start the runner jar the functions module built, with a heartbeat each
 * second and silent runners judged after 6 s, so tests of whole runs need not wait long.
 */
final class LocalRunners {

    static final Path RUNNER_JAR = Path.of("..", "functions", "target", "runway-runner.jar").toAbsolutePath().normalize();

    private LocalRunners() {
    }

    /** A new home (a temporary folder named after {@code homePrefix}), the admin key {@code key} and the runner jar. */
    static void register(DynamicPropertyRegistry registry, String homePrefix, String key) throws IOException {
        Path home = Files.createTempDirectory(homePrefix);
        registry.add("runway.home", home::toString);
        registry.add("runway.auth.api-key", () -> key);
        registry.add("runway.launcher.runner-jar", RUNNER_JAR::toString);
        registry.add("runway.launcher.heartbeat-seconds", () -> "1");
        registry.add("runway.crash.heartbeat-timeout", () -> "6s");
        registry.add("runway.crash.check-interval", () -> "1s");
        registry.add("runway.dispatch.poll-interval", () -> "500ms");
    }

    static void requireRunnerJar() {
        assertThat(RUNNER_JAR).as("the runner jar, built by the functions module before this one (./mvnw verify)")
                .isRegularFile();
    }
}
