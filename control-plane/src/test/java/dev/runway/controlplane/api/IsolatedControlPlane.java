package dev.runway.controlplane.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Settings for a test's own control plane: a new home, its own in-memory database, the given admin key, and no
 * background loops, so the test moves runs itself.
 */
public final class IsolatedControlPlane {

    private IsolatedControlPlane() {
    }

    /** Registers the settings and returns the new home. */
    public static Path register(DynamicPropertyRegistry registry, String name, String adminKey) throws IOException {
        Path home = Files.createTempDirectory("runway-" + name + "-test");
        registry.add("runway.home", home::toString);
        registry.add("runway.auth.api-key", () -> adminKey);
        registry.add("runway.loops.enabled", () -> "false");
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + name + "-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        return home;
    }

    /** As {@link #register}, and no deployments registered from a runner jar at start. */
    public static Path withoutDeployments(DynamicPropertyRegistry registry, String name, String adminKey)
            throws IOException {
        Path home = register(registry, name, adminKey);
        registry.add("runway.deployments.register-on-start", () -> "false");
        return home;
    }
}
