package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.cloudrunfake.CloudRunFake;
import dev.runway.cloudrunfake.RunnerJarExecutions;
import dev.runway.cloudrunfake.RunnerJarWorkerPools;
import dev.runway.controlplane.dispatch.pubsub.PubSubEmulator;
import dev.runway.controlplane.dispatch.pubsub.PubSubProperties;
import dev.runway.gcs.GcsHttpFake;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;
import java.util.UUID;

/**
 * What the {@code gcp} profile talks to, on one machine: topics of their own on Google's Pub/Sub emulator,
 * {@link CloudRunFake} whose executions and worker pool instances are the runner jar as local processes
 * ({@link RunnerJarExecutions}, {@link RunnerJarWorkerPools}) and
 * {@link GcsHttpFake} for results; and the settings of a control plane in the gcp profile against them, on a port
 * chosen here (the runners are told it before the control plane starts).
 */
public final class GcpOnOneMachine implements AutoCloseable {

    public static final Path RUNNER_JAR =
            Path.of("..", "functions", "target", "runway-runner.jar").toAbsolutePath().normalize();

    private final CloudRunFake cloudRun;
    private final RunnerJarExecutions executions;
    private final RunnerJarWorkerPools workerPools;
    private final GcsHttpFake gcs;
    private final int port;
    private final Map<String, String> properties;

    public GcpOnOneMachine(PubSubEmulator emulator, String apiKey) throws Exception {
        cloudRun = new CloudRunFake();
        executions = new RunnerJarExecutions(cloudRun, RUNNER_JAR, Files.createTempDirectory("runway-executions"));
        workerPools = new RunnerJarWorkerPools(cloudRun, RUNNER_JAR, Files.createTempDirectory("runway-worker-pools"));
        gcs = new GcsHttpFake();
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PubSubProperties pubsub = new PubSubProperties("runway-e2e", "dispatch-" + suffix, "launcher-" + suffix,
                "dlq-launcher-" + suffix, 10, 5, Duration.ofSeconds(10), null, false);
        emulator.createTopics(pubsub, "dlq-" + suffix, 5);
        properties = Map.ofEntries(
                Map.entry("server.port", Integer.toString(port)),
                Map.entry("runway.home", Files.createTempDirectory("runway-gcp").toString()),
                Map.entry("runway.auth.api-key", apiKey),
                Map.entry("runway.api-url", "http://127.0.0.1:" + port),
                Map.entry("runway.launcher.runner-jar", RUNNER_JAR.toString()),
                Map.entry("runway.results.store", "gs://runway-results/e2e?endpoint=" + gcs.endpoint()),
                Map.entry("runway.transport", "pubsub"),
                Map.entry("runway.pubsub.project-id", pubsub.projectId()),
                Map.entry("runway.pubsub.topic", pubsub.topic()),
                Map.entry("runway.pubsub.subscription", pubsub.subscription()),
                Map.entry("runway.pubsub.dead-letter-subscription", pubsub.deadLetterSubscription()),
                Map.entry("runway.pubsub.endpoint", emulator.hostAndPort()),
                Map.entry("runway.pubsub.plaintext", "true"),
                Map.entry("runway.cloud-run.enabled", "true"),
                Map.entry("runway.cloud-run.project", "acme-prod"),
                Map.entry("runway.cloud-run.region", "europe-west1"),
                Map.entry("runway.cloud-run.endpoint", cloudRun.endpoint()),
                Map.entry("runway.cloud-run.plaintext", "true"));
    }

    public CloudRunFake cloudRun() {
        return cloudRun;
    }

    public RunnerJarExecutions executions() {
        return executions;
    }

    public RunnerJarWorkerPools workerPools() {
        return workerPools;
    }

    public GcsHttpFake gcs() {
        return gcs;
    }

    public int port() {
        return port;
    }

    /**
     * Gives a test's control plane these settings with a heartbeat each second and dispatch polled every 200 ms, then
     * {@code overrides}.
     */
    public void register(DynamicPropertyRegistry registry, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>(properties);
        settings.put("runway.launcher.heartbeat-seconds", "1");
        settings.put("runway.dispatch.poll-interval", "200ms");
        settings.putAll(overrides);
        settings.forEach((name, value) -> registry.add(name, () -> value));
    }

    public static void requireRunnerJar() {
        assertThat(RUNNER_JAR).as("the runner jar, built by the functions module before this one (./mvnw verify)")
                .isRegularFile();
    }

    /** The control plane's settings, each {@code runway.*} or {@code server.*} name with its value. */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public void close() throws InterruptedException {
        executions.close();
        workerPools.close();
        gcs.close();
        cloudRun.close();
    }
}
