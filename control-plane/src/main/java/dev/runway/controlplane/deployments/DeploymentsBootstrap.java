package dev.runway.controlplane.deployments;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.DeploymentProblem;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * A deployment the runner could not describe, or this control plane refuses, is logged and left out; the others are
 * registered and the control plane serves all the same.
 */
@Component
public class DeploymentsBootstrap implements ApplicationRunner {

    /** What the registration at start did: how many deployments it registered, and each it left out and why. */
    public record Registration(int registered, List<DeploymentProblem> problems) {

        public Registration {
            problems = List.copyOf(problems);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DeploymentsBootstrap.class);

    private final DeploymentService deployments;
    private final RunnerJar runnerJar;
    private final RunwayProperties properties;
    private volatile Registration registration;

    DeploymentsBootstrap(DeploymentService deployments, RunnerJar runnerJar, RunwayProperties properties) {
        this.deployments = deployments;
        this.runnerJar = runnerJar;
        this.properties = properties;
    }

    /** Empty when nothing was registered at start: turned off, or no runner jar. */
    public Optional<Registration> registration() {
        return Optional.ofNullable(registration);
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
        DescribedDeployments described = Json.mapper().readValue(runnerJar.describe(), DescribedDeployments.class);
        List<String> summary = new ArrayList<>();
        List<DeploymentProblem> problems = new ArrayList<>(described.problems());
        for (DeploymentSpec spec : described.deployments()) {
            try {
                UpsertOutcome outcome = deployments.upsert(spec.name(), spec).outcome();
                summary.add(spec.name() + " (" + outcome.change().name().toLowerCase() + ")");
            } catch (InvalidInputException refused) {
                problems.addAll(refusal(spec, refused));
            }
        }
        log.info("deployments from {}: {}", jar.getFileName(), summary.isEmpty() ? "none" : String.join(", ", summary));
        problems.forEach(problem -> log.warn("deployment {} not registered: {}", problem.label(), problem.reason()));
        registration = new Registration(summary.size(), problems);
    }

    private static List<DeploymentProblem> refusal(DeploymentSpec spec, InvalidInputException refused) {
        if (refused.errors().isEmpty()) {
            return List.of(new DeploymentProblem(spec.name(), null, null, null, refused.getMessage()));
        }
        return refused.errors().stream()
                .map(error -> new DeploymentProblem(spec.name(), null, null, error.field(), error.message()))
                .toList();
    }
}
