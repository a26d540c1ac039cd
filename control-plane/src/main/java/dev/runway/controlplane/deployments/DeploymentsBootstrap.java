package dev.runway.controlplane.deployments;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;

/**
 * Registers the deployments that the runner jar declares (its deployments.yaml, with schemas derived
 * from the flows' input types) when the control plane starts, so a fresh local install can run
 * them at once. Upserting is idempotent: an unchanged deployment is left alone.
 */
@Component
class DeploymentsBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DeploymentsBootstrap.class);
    private static final long DESCRIBE_TIMEOUT_SECONDS = 120;

    /** What {@code java -jar runway-runner.jar --describe} prints. */
    record Described(List<DeploymentSpec> deployments) {
    }

    private final DeploymentService deployments;
    private final RunwayProperties properties;

    DeploymentsBootstrap(DeploymentService deployments, RunwayProperties properties) {
        this.deployments = deployments;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException, InterruptedException {
        if (!properties.deployments().registerOnStart()) {
            return;
        }
        Path jar = properties.launcher().runnerJar().toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            log.warn("no runner jar at {}: no deployments registered (build it with ./mvnw -DskipTests install)", jar);
            return;
        }
        List<String> summary = new ArrayList<>();
        for (DeploymentSpec spec : describedOnce(jar).deployments()) {
            UpsertOutcome outcome = deployments.upsert(spec.name(), spec);
            summary.add(spec.name() + " (" + outcome.change().name().toLowerCase() + ")");
        }
        log.info("deployments from {}: {}", jar.getFileName(), String.join(", ", summary));
    }

    /**
     * Describing starts a JVM with the flows' Spring context (seconds), so the answer is kept beside
     * the database and reused while the jar is the same file (same size and modification time).
     */
    private Described describedOnce(Path jar) throws IOException, InterruptedException {
        Path cache = properties.home().resolve("deployments-described.json");
        String version = jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (Files.isRegularFile(cache)) {
            try {
                Cached cached = Json.mapper().readValue(cache.toFile(), Cached.class);
                if (version.equals(cached.jarVersion())) {
                    return cached.described();
                }
            } catch (JacksonException unreadable) {
                log.warn("ignoring unreadable {}: {}", cache, unreadable.getOriginalMessage());
            }
        }
        Described described = describe(jar);
        Files.createDirectories(cache.getParent());
        Files.write(cache, Json.mapper().writeValueAsBytes(new Cached(version, described)));
        return described;
    }

    /** A describe answer and the runner jar it came from. */
    record Cached(String jarVersion, Described described) {
    }

    private Described describe(Path jar) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path stderr = Files.createTempFile("runway-describe", ".log");
        try {
            Process process = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--describe")
                    .redirectError(stderr.toFile())
                    .start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(DESCRIBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("describing deployments with " + jar + " took over "
                        + DESCRIBE_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("the runner jar could not describe its deployments (exit "
                        + process.exitValue() + "): " + Files.readString(stderr, StandardCharsets.UTF_8).strip());
            }
            return Json.mapper().readValue(out, Described.class);
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
