package dev.runway.controlplane.deployments;

import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.DescribedDeployments;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The flows in the runner jar the local work pool runs, as its describe output lists them (a runner jar from
 * before that list gives only the flows its deployments.yaml declares). Read once per jar version (the jar's size and time), so an upsert starts no JVM.
 */
@Component
public class RunnerFlows {

    /** The flows found, or why none could be looked at ({@code flows} is null then). */
    record Listing(Set<String> flows, String unavailable) {
    }

    private record Cached(String version, Listing listing) {
    }

    private final RunnerJar runnerJar;
    private volatile Cached cached;

    public RunnerFlows(RunnerJar runnerJar) {
        this.runnerJar = runnerJar;
    }

    Path jar() {
        return runnerJar.fatJar();
    }

    Listing list() {
        Path jar = runnerJar.fatJar();
        String version;
        try {
            version = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis();
        } catch (IOException e) {
            return new Listing(null, "there is no runner jar at " + jar);
        }
        Cached known = cached;
        if (known != null && known.version().equals(version)) {
            return known.listing();
        }
        Listing listing = describe(jar);
        if (listing.flows() != null) {
            cached = new Cached(version, listing);
        }
        return listing;
    }

    private Listing describe(Path jar) {
        try {
            DescribedDeployments described = Json.mapper().readValue(runnerJar.describe(), DescribedDeployments.class);
            Set<String> flows = new TreeSet<>();
            flows.addAll(described.flows());
            described.deployments().stream().map(DeploymentSpec::flowName).forEach(flows::add);
            return new Listing(Collections.unmodifiableSet(flows), null);
        } catch (IOException | RuntimeException e) {
            return new Listing(null, "the runner jar " + jar + " could not be described: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Listing(null, "describing the runner jar " + jar + " was interrupted");
        }
    }
}
