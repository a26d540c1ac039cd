package dev.runway.runner.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StdinInboxTest {

    @Test
    void takesOneMessageALineSkippingBlankOnesAndEndsWithTheInput() throws Exception {
        ByteArrayOutputStream ready = new ByteArrayOutputStream();
        try (StdinInbox inbox = new StdinInbox(new ByteArrayInputStream("{\"a\":1}\n\n  \n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(ready, true, StandardCharsets.UTF_8))) {
            InboxMessage first = inbox.next().orElseThrow();
            assertThat(ready.toString(StandardCharsets.UTF_8)).as("said once it waits for its first message")
                    .isEqualTo(StdinInbox.READY + System.lineSeparator());
            InboxMessage second = inbox.next().orElseThrow();

            assertThat(first.text()).isEqualTo("{\"a\":1}");
            assertThat(first.origin()).isEqualTo("stdin line 1");
            assertThat(second.text()).isEqualTo("{\"b\":2}");
            assertThat(second.origin()).isEqualTo("stdin line 4");
            assertThat(inbox.next()).isEmpty();
            assertThat(ready.toString(StandardCharsets.UTF_8).lines()).as("once per message asked for, blank lines or not")
                    .containsExactly(StdinInbox.READY, StdinInbox.READY, StdinInbox.READY);
        }
    }

    @Test
    void closingFreesARunnerWaitingForALine() throws Exception {
        StdinInbox inbox = new StdinInbox(new PipedInputStream(new PipedOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()));
        CompletableFuture<Optional<InboxMessage>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return inbox.next();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, task -> Thread.ofPlatform().daemon().start(task));
        Thread.sleep(Duration.ofMillis(100));

        inbox.close();

        assertThat(waiting.get(1, TimeUnit.SECONDS)).isEmpty();
        assertThat(inbox.next()).isEmpty();
    }
}
