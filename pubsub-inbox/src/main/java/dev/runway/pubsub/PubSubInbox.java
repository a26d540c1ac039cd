package dev.runway.pubsub;

import com.google.api.core.ApiFuture;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStub;
import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PullRequest;
import com.google.pubsub.v1.PullResponse;
import com.google.pubsub.v1.ReceivedMessage;
import dev.runway.runner.inbox.InboxMessage;
import dev.runway.runner.inbox.WarmInbox;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start messages pulled from a Pub/Sub subscription: a synchronous pull of one message, made only when the runner asks
 * for its next message, that is when it is idle. A streaming pull would lease messages to this runner while it is busy
 * and another one idles. A message is acknowledged once its claim is answered ({@link InboxMessage#done()}), and given
 * back with an ack deadline of 0 ({@link InboxMessage#giveBack()}) so that another runner takes it at once.
 *
 * <p>{@link #close()} cancels a waiting pull. A message that arrives as it does is given back; one that the
 * subscription had already sent down a pull being cancelled comes again once its ack deadline passes. The channel is
 * released once no pull is under way and every message taken was answered.
 */
public final class PubSubInbox implements WarmInbox {

    private static final Logger log = LoggerFactory.getLogger(PubSubInbox.class);
    private static final Duration RETRY_DELAY = Duration.ofSeconds(1);

    private final String subscription;
    private final SubscriberStub stub;
    private final ManagedChannel plaintextChannel;
    private final PullRequest pullOne;
    private ApiFuture<PullResponse> pulling;
    private boolean closed;
    /** Pulls under way and messages taken but not answered yet: the channel stays open until there are none. */
    private int inUse;
    private boolean released;

    private PubSubInbox(String subscription, SubscriberStub stub, ManagedChannel plaintextChannel) {
        this.subscription = subscription;
        this.stub = stub;
        this.plaintextChannel = plaintextChannel;
        this.pullOne = PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(1).build();
    }

    /** @param emulatorHost host:port of an emulator (plaintext, no credentials); null or blank for Google's endpoint */
    static PubSubInbox open(String subscription, String emulatorHost) throws IOException {
        SubscriberStubSettings.Builder settings = SubscriberStubSettings.newBuilder();
        ManagedChannel channel = null;
        if (emulatorHost != null && !emulatorHost.isBlank()) {
            channel = ManagedChannelBuilder.forTarget(emulatorHost).usePlaintext().build();
            settings.setTransportChannelProvider(FixedTransportChannelProvider.create(GrpcTransportChannel.create(channel)))
                    .setCredentialsProvider(NoCredentialsProvider.create());
        }
        try {
            return new PubSubInbox(subscription, GrpcSubscriberStub.create(settings.build()), channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.shutdownNow();
            }
            throw e;
        }
    }

    @Override
    public Optional<InboxMessage> next() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            inUse++;
        }
        try {
            return pull();
        } finally {
            stopUsing();
        }
    }

    private Optional<InboxMessage> pull() throws InterruptedException {
        while (true) {
            ApiFuture<PullResponse> response;
            synchronized (this) {
                if (closed) {
                    return Optional.empty();
                }
                pulling = stub.pullCallable().futureCall(pullOne);
                response = pulling;
            }
            PullResponse pulled;
            try {
                pulled = response.get();
            } catch (CancellationException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                if (!isDeadlineExceeded(e.getCause())) {
                    log.warn("Pulling from {} failed, trying again in {} ms: {}", subscription, RETRY_DELAY.toMillis(),
                            e.getCause().getMessage());
                    pause();
                }
                continue;
            }
            if (pulled.getReceivedMessagesCount() > 0) {
                Message message = take(pulled.getReceivedMessages(0));
                if (!isClosed()) {
                    return Optional.of(message);
                }
                message.giveBack();
                return Optional.empty();
            }
        }
    }

    private synchronized Message take(ReceivedMessage received) {
        inUse++;
        return new Message(received);
    }

    /** Waits before pulling again; a close ends the wait. */
    private synchronized void pause() throws InterruptedException {
        if (!closed) {
            wait(RETRY_DELAY.toMillis());
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static boolean isDeadlineExceeded(Throwable failure) {
        return failure instanceof ApiException api && api.getStatusCode().getCode() == StatusCode.Code.DEADLINE_EXCEEDED;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
            if (pulling != null) {
                pulling.cancel(true);
            }
        }
        releaseIfUnused();
    }

    private void stopUsing() {
        synchronized (this) {
            inUse--;
        }
        releaseIfUnused();
    }

    private void releaseIfUnused() {
        synchronized (this) {
            if (!closed || inUse > 0 || released) {
                return;
            }
            released = true;
        }
        stub.shutdown();
        if (plaintextChannel != null) {
            plaintextChannel.shutdown();
        }
    }

    private final class Message implements InboxMessage {

        private final ReceivedMessage received;

        Message(ReceivedMessage received) {
            this.received = received;
        }

        @Override
        public String text() {
            return received.getMessage().getData().toStringUtf8();
        }

        @Override
        public String origin() {
            return "Pub/Sub message " + received.getMessage().getMessageId();
        }

        @Override
        public void done() {
            try {
                stub.acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(subscription)
                        .addAckIds(received.getAckId()).build());
            } catch (ApiException e) {
                log.warn("Could not acknowledge {}: {}; it comes again once its ack deadline passes, and its claim is "
                        + "then refused", origin(), e.getMessage());
            } finally {
                stopUsing();
            }
        }

        @Override
        public void giveBack() {
            try {
                stub.modifyAckDeadlineCallable().call(ModifyAckDeadlineRequest.newBuilder().setSubscription(subscription)
                        .addAckIds(received.getAckId()).setAckDeadlineSeconds(0).build());
                log.info("Gave {} back to {}", origin(), subscription);
            } catch (ApiException e) {
                log.warn("Could not give {} back: {}; it comes again once its ack deadline passes", origin(),
                        e.getMessage());
            } finally {
                stopUsing();
            }
        }
    }
}
