package dev.runway.pubsub;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.pubsub.v1.TopicAdminClient;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import com.google.cloud.pubsub.v1.stub.GrpcPublisherStub;
import com.google.cloud.pubsub.v1.stub.PublisherStubSettings;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.Subscription;
import com.google.pubsub.v1.TopicName;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Google's Pub/Sub emulator on a free port for one test class, at {@code RUNWAY_PUBSUB_EMULATOR} or where the Google
 * Cloud CLI package installs it. Without it the tests are skipped, except with {@code CI=true}, where they fail.
 */
final class PubSubEmulator implements BeforeAllCallback, AfterAllCallback {

    static final String PROJECT = "runway-test";
    private static final Path INSTALLED = Path.of("/usr/lib/google-cloud-sdk/platform/pubsub-emulator/bin/cloud-pubsub-emulator");

    private Process process;
    private String hostAndPort;
    private ManagedChannel channel;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String configured = System.getenv("RUNWAY_PUBSUB_EMULATOR");
        Path launcher = configured == null || configured.isBlank() ? INSTALLED : Path.of(configured);
        if (!Files.isExecutable(launcher)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but the Pub/Sub emulator is missing at " + launcher);
            }
            Assumptions.abort("the Pub/Sub emulator is not installed at " + launcher);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        hostAndPort = "127.0.0.1:" + port;
        Path log = Files.createTempFile("pubsub-emulator", ".log");
        process = new ProcessBuilder(launcher.toString(), "--host=127.0.0.1", "--port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Pub/Sub emulator did not start; its output: " + Files.readString(log));
            }
            process.waitFor(100, TimeUnit.MILLISECONDS);
        }
        channel = ManagedChannelBuilder.forTarget(hostAndPort).usePlaintext().build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor();
        }
    }

    String hostAndPort() {
        return hostAndPort;
    }

    /** A new topic and its subscription, with the shortest ack deadline there is (10 s); returns the subscription. */
    String newSubscription() throws IOException {
        String id = "runs-" + UUID.randomUUID();
        TopicName topic = TopicName.of(PROJECT, id);
        String subscription = "projects/" + PROJECT + "/subscriptions/" + id;
        try (TopicAdminClient topics = TopicAdminClient.create(TopicAdminSettings.newBuilder()
                .setTransportChannelProvider(channels()).setCredentialsProvider(NoCredentialsProvider.create()).build());
             SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings.newBuilder()
                     .setTransportChannelProvider(channels()).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
            topics.createTopic(topic);
            subscriptions.createSubscription(Subscription.newBuilder().setName(subscription).setTopic(topic.toString())
                    .setAckDeadlineSeconds(10).build());
        }
        return subscription;
    }

    /** Publishes {@code texts} to the topic of {@code subscription} (they share their id), one message each. */
    void publish(String subscription, String... texts) throws IOException {
        String topic = TopicName.of(PROJECT, subscription.substring(subscription.lastIndexOf('/') + 1)).toString();
        PublishRequest.Builder request = PublishRequest.newBuilder().setTopic(topic);
        for (String text : texts) {
            request.addMessages(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(text)));
        }
        try (GrpcPublisherStub publisher = GrpcPublisherStub.create(PublisherStubSettings.newBuilder()
                .setTransportChannelProvider(channels()).setCredentialsProvider(NoCredentialsProvider.create()).build())) {
            publisher.publishCallable().call(request.build());
        }
    }

    private FixedTransportChannelProvider channels() {
        return FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel));
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
