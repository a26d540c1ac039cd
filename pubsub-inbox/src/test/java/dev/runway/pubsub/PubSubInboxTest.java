package dev.runway.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.runway.runner.inbox.InboxMessage;
import dev.runway.runner.inbox.WarmInbox;
import dev.runway.runner.inbox.WarmInboxes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The pubsub: inbox against Google's Pub/Sub emulator, opened as a warm runner opens it: by RUNWAY_WARM_INBOX. Each test
 * has a subscription of its own, so they run side by side: two of them wait for an ack deadline to pass.
 */
@Execution(ExecutionMode.CONCURRENT)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PubSubInboxTest {

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();

    private final List<WarmInbox> opened = new ArrayList<>();

    @AfterEach
    void close() {
        opened.forEach(WarmInbox::close);
    }

    @Test
    void pullsOneMessageAtATimeSoAnotherRunnerTakesTheNext() throws Exception {
        String subscription = emulator.newSubscription();
        emulator.publish(subscription, "first", "second");
        WarmInbox busy = open(subscription);
        WarmInbox idle = open(subscription);

        InboxMessage taken = busy.next().orElseThrow();
        InboxMessage other = within(Duration.ofSeconds(5), idle).orElseThrow();

        assertThat(List.of(taken.text(), other.text())).containsExactlyInAnyOrder("first", "second");
        assertThat(taken.origin()).startsWith("Pub/Sub message ");
        taken.done();
        other.done();
    }

    @Test
    void aMessageDoneWithIsNotDeliveredAgainWhileOneLeftUnansweredIsOnceItsAckDeadlinePasses() throws Exception {
        String subscription = emulator.newSubscription();
        emulator.publish(subscription, "claimed", "stuck");
        WarmInbox inbox = open(subscription);
        InboxMessage one = inbox.next().orElseThrow();
        InboxMessage two = inbox.next().orElseThrow();
        InboxMessage claimed = one.text().equals("claimed") ? one : two;

        claimed.done();

        WarmInbox another = open(subscription);
        InboxMessage again = within(Duration.ofSeconds(20), another).orElseThrow();
        assertThat(again.text()).isEqualTo("stuck");
        again.done();
        assertThat(nothingWithin(Duration.ofSeconds(2), another)).as("the message done with did not come again").isTrue();
    }

    @Test
    void aMessageGivenBackAsTheRunnerStopsGoesToAnotherRunnerAtOnce() throws Exception {
        String subscription = emulator.newSubscription();
        emulator.publish(subscription, "{\"env\":{}}");
        WarmInbox stopping = open(subscription);
        InboxMessage taken = stopping.next().orElseThrow();

        stopping.close();
        taken.giveBack();

        InboxMessage again = within(Duration.ofSeconds(5), open(subscription)).orElseThrow();
        assertThat(again.text()).isEqualTo("{\"env\":{}}");
        again.done();
    }

    @Test
    void anIdleInboxReturnsPromptlyWhenClosedAndLosesNoMessage() throws Exception {
        String subscription = emulator.newSubscription();
        WarmInbox idle = open(subscription);
        CompletableFuture<Optional<InboxMessage>> waiting = nextOnItsOwnThread(idle);
        Thread.sleep(300);

        Instant closed = Instant.now();
        idle.close();

        assertThat(waiting.get(2, TimeUnit.SECONDS)).isEmpty();
        assertThat(Duration.between(closed, Instant.now())).isLessThan(Duration.ofSeconds(1));
        // Published after the close, it is not lost: it comes at once, or, when the subscription sent it down the pull
        // being cancelled (as the emulator does once the connection is gone), once its ack deadline (10 s) passes.
        emulator.publish(subscription, "later");
        assertThat(within(Duration.ofSeconds(15), open(subscription))).get().extracting(InboxMessage::text).isEqualTo("later");
    }

    @Test
    void refusesALocationThatIsNotASubscriptionNamingTheForm() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WarmInboxes.open("pubsub:runs", Map.of()))
                .withMessage("a Pub/Sub inbox is pubsub:projects/<project>/subscriptions/<subscription>, got 'pubsub:runs'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WarmInboxes.open("pubsub", Map.of()))
                .withMessage("a Pub/Sub inbox is pubsub:projects/<project>/subscriptions/<subscription>, got 'pubsub'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> WarmInboxes.open("kafka:runs", Map.of()))
                .withMessageStartingWith("no inbox answers 'kafka:runs'; supported: ")
                .withMessageContaining("stdin")
                .withMessageContaining("pubsub:projects/<project>/subscriptions/<subscription>");
    }

    private WarmInbox open(String subscription) {
        WarmInbox inbox = WarmInboxes.open("pubsub:" + subscription, Map.of("PUBSUB_EMULATOR_HOST", emulator.hostAndPort()));
        opened.add(inbox);
        return inbox;
    }

    private static Optional<InboxMessage> within(Duration limit, WarmInbox inbox) throws Exception {
        return nextOnItsOwnThread(inbox).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static boolean nothingWithin(Duration limit, WarmInbox inbox) throws InterruptedException, ExecutionException {
        CompletableFuture<Optional<InboxMessage>> next = nextOnItsOwnThread(inbox);
        try {
            next.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            inbox.close();
            return true;
        }
    }

    private static CompletableFuture<Optional<InboxMessage>> nextOnItsOwnThread(WarmInbox inbox) {
        return CompletableFuture.supplyAsync(() -> next(inbox), task -> Thread.ofPlatform().daemon().start(task));
    }

    private static Optional<InboxMessage> next(WarmInbox inbox) {
        try {
            return inbox.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
