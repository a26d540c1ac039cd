package dev.runway.controlplane.dispatch.pubsub;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.protobuf.util.Durations;
import com.google.pubsub.v1.DeadLetterPolicy;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.RetryPolicy;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Google's Pub/Sub emulator on a free port for one test class. Its launcher is found at
 * {@code RUNWAY_PUBSUB_EMULATOR} or where the Google Cloud CLI package installs it. Without it the tests are
 * skipped — except with {@code CI=true}, where they fail.
 */
public final class PubSubEmulator implements BeforeAllCallback, AfterAllCallback {

    private static final Path DEFAULT_LAUNCHER =
            Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private Process process;
    private String hostAndPort;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String configured = System.getenv("RUNWAY_PUBSUB_EMULATOR");
        Path launcher = configured == null || configured.isBlank() ? DEFAULT_LAUNCHER : Path.of(configured);
        if (!Files.isExecutable(launcher)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but the Pub/Sub emulator is missing at " + launcher);
            }
            Assumptions.abort("the Pub/Sub emulator is not installed at " + launcher);
        }
        int port = freePort();
        hostAndPort = "127.0.0.1:" + port;
        Path log = Files.createTempFile("pubsub-emulator", ".log");
        process = new ProcessBuilder(launcher.toString(), "--host=127.0.0.1", "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Pub/Sub emulator did not start; its output: " + Files.readString(log));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    public String hostAndPort() {
        return hostAndPort;
    }

    /**
     * Creates the topic, its subscription (with a dead-letter policy after {@code maxDeliveryAttempts} and a short
     * retry back-off), the dead-letter topic and its subscription that {@code properties} name.
     */
    public void createTopics(PubSubProperties properties, String deadLetterTopic, int maxDeliveryAttempts)
            throws Exception {
        createTopics(hostAndPort, properties, deadLetterTopic, maxDeliveryAttempts);
    }

    /** As {@link #createTopics(PubSubProperties, String, int)}, on the emulator at {@code hostAndPort}. */
    static void createTopics(String hostAndPort, PubSubProperties properties, String deadLetterTopic,
                             int maxDeliveryAttempts) throws Exception {
        String project = properties.projectId();
        TopicName topic = TopicName.of(project, properties.topic());
        TopicName deadLetters = TopicName.of(project, deadLetterTopic);
        PubSubConnection connection = PubSubConnection.plaintext(hostAndPort);
        try (connection; var topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials()).build());
             var subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                     .setTransportChannelProvider(connection.channels())
                     .setCredentialsProvider(connection.credentials()).build())) {
            topics.createTopic(topic);
            topics.createTopic(deadLetters);
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName(ProjectSubscriptionName.of(project, properties.subscription()).toString())
                    .setTopic(topic.toString())
                    .setAckDeadlineSeconds(10)
                    .setDeadLetterPolicy(DeadLetterPolicy.newBuilder().setDeadLetterTopic(deadLetters.toString())
                            .setMaxDeliveryAttempts(maxDeliveryAttempts))
                    .setRetryPolicy(RetryPolicy.newBuilder().setMinimumBackoff(Durations.fromMillis(100))
                            .setMaximumBackoff(Durations.fromMillis(500)))
                    .build());
            subscriptions.createSubscription(Subscription.newBuilder()
                    .setName(ProjectSubscriptionName.of(project, properties.deadLetterSubscription()).toString())
                    .setTopic(deadLetters.toString())
                    .setAckDeadlineSeconds(10)
                    .build());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
