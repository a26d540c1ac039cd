package dev.runway.controlplane.dispatch.pubsub;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.TopicAdminSettings;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * How this process reaches Pub/Sub: Google's endpoint with the application default credentials, another
 * endpoint (regional, private), or an emulator over plaintext without credentials.
 */
public final class PubSubConnection implements AutoCloseable {

    private final TransportChannelProvider channels;
    private final CredentialsProvider credentials;
    private final ManagedChannel plaintextChannel;

    private PubSubConnection(TransportChannelProvider channels, CredentialsProvider credentials,
                             ManagedChannel plaintextChannel) {
        this.channels = channels;
        this.credentials = credentials;
        this.plaintextChannel = plaintextChannel;
    }

    /**
     * {@code endpoint} wins; without it {@code emulatorHost} (the value of {@code PUBSUB_EMULATOR_HOST}) means an
     * emulator, as in Google's own libraries; without either, Google's endpoint.
     */
    public static PubSubConnection of(String endpoint, boolean plaintext, String emulatorHost) {
        if (endpoint != null && !endpoint.isBlank()) {
            return plaintext ? plaintext(endpoint) : new PubSubConnection(
                    TopicAdminSettings.defaultGrpcTransportProviderBuilder().setEndpoint(endpoint).build(),
                    TopicAdminSettings.defaultCredentialsProviderBuilder().build(), null);
        }
        if (emulatorHost != null && !emulatorHost.isBlank()) {
            return plaintext(emulatorHost);
        }
        return new PubSubConnection(TopicAdminSettings.defaultGrpcTransportProviderBuilder().build(),
                TopicAdminSettings.defaultCredentialsProviderBuilder().build(), null);
    }

    /** An emulator at {@code hostAndPort}: no TLS, no credentials. */
    public static PubSubConnection plaintext(String hostAndPort) {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(hostAndPort).usePlaintext().build();
        return new PubSubConnection(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)),
                NoCredentialsProvider.create(), channel);
    }

    public TransportChannelProvider channels() {
        return channels;
    }

    public CredentialsProvider credentials() {
        return credentials;
    }

    @Override
    public void close() throws InterruptedException {
        if (plaintextChannel != null) {
            plaintextChannel.shutdown().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
