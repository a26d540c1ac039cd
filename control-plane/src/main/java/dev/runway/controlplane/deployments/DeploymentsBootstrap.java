package dev.runway.controlplane.deployments;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Registers the deployments that the runner jar declares (its deployments.yaml, with schemas derived
 * from the flows' input types) when the control plane starts, so a fresh local install can run
 * them at once. Upserting is idempotent: an unchanged deployment is left alone. The describe answer is
 * kept per runner jar version ({@link RunnerJar#describe()}), so a restart starts no JVM for it.
 */
@Component
class DeploymentsBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DeploymentsBootstrap.class);

    private final DeploymentService deployments;
    private final RunnerJar runnerJar;
    private final RunwayProperties properties;

    DeploymentsBootstrap(DeploymentService deployments, RunnerJar runnerJar, RunwayProperties properties) {
        this.deployments = deployments;
        this.runnerJar = runnerJar;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException, InterruptedException {
        if (!properties.deployments().registerOnStart()) {
            return;
        }
        Path jar = runnerJar.fatJar();
        if (!Files.isRegularFile(jar)) {
            log.warn("no runner jar at {}: no deployments registered (build it with ./mvnw -DskipTests install)", jar);
            return;
        }
        List<String> summary = new ArrayList<>();
        DescribedDeployments described = Json.mapper().readValue(runnerJar.describe(), DescribedDeployments.class);
        for (DeploymentSpec spec : described.deployments()) {
            try {
                UpsertOutcome outcome = deployments.upsert(spec.name(), spec).outcome();
                summary.add(spec.name() + " (" + outcome.change().name().toLowerCase() + ")");
            } catch (InvalidInputException e) {
                // one bad entry must not keep the control plane, or the other deployments, from starting
                summary.add(spec.name() + " (refused)");
                log.warn("deployment {} from {} refused: {}", spec.name(), jar.getFileName(), e.errors());
            }
        }
        log.info("deployments from {}: {}", jar.getFileName(), String.join(", ", summary));
    }
}
