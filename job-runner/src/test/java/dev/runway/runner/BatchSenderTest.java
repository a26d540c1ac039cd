package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.LogEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class BatchSenderTest {

    /** Long enough that only a deadlock would wait it out: the timeout below fails the test first. */
    private static final Duration FOREVER = Duration.ofHours(1);

    private final ScheduledExecutorService reporting = Executors.newSingleThreadScheduledExecutor(
            RuntimeThreads.named("test-reporting"));

    @AfterEach
    void stop() {
        reporting.shutdownNow();
    }

    private final Counter writes = new Counter();

    /** How many items the writer has handed over so far, for the sender to wait on. */
    private static final class Counter {
        private long count;

        synchronized void increment() {
            count++;
            notifyAll();
        }

        synchronized void awaitAtLeast(long target) {
            while (count < target) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aWriterWaitsForRoomInsteadOfLosingItemsAndASendThatWritesToTheQueueNeverWaitsForIt() {
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sends = new AtomicInteger();
        AtomicReference<BatchSender<String>> sender = new AtomicReference<>();
        List<String> written = IntStream.range(0, 1000).mapToObj(i -> "line " + i).toList();
        // Like a library that logs while a batch is being posted: it writes on the thread that empties the queue,
        // here once the writer has filled the queue again, so the queue is full when it does.
        sender.set(new BatchSender<>("lines", batch -> {
            received.addAll(batch);
            sends.incrementAndGet();
            long full = Math.min(written.size(), received.stream().filter(item -> item.startsWith("line ")).count() + 10);
            writes.awaitAtLeast(full);
            sender.get().add("sent a batch");
        }, String::length, new Delivery(FOREVER, 10, 512 * 1024, 10, FOREVER), reporting));

        for (String item : written) {
            sender.get().add(item);
            writes.increment();
        }
        sender.get().close();
        sender.get().deliverRest();

        assertThat(received).filteredOn(item -> item.startsWith("line ")).containsExactlyElementsOf(written);
        long sendersOwn = received.stream().filter("sent a batch"::equals).count();
        assertThat(sendersOwn + sender.get().undelivered()).as("each of the sender's own items arrived or was counted")
                .isEqualTo(sends.get());
    }

    @Test
    void batchesStayWithinTheByteLimitAndAnItemOverItTravelsAlone() {
        List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
        BatchSender<String> sender = new BatchSender<>("lines", batch -> batches.add(List.copyOf(batch)), String::length,
                new Delivery(FOREVER, 100, 1000, 100, FOREVER), reporting);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            written.add((i == 5 ? "x" : "-").repeat(i == 5 ? 1500 : 300));
        }

        written.forEach(sender::add);
        sender.close();
        sender.deliverRest();

        assertThat(batches).allSatisfy(batch -> assertThat(batch.size() == 1
                || batch.stream().mapToInt(String::length).sum() <= 1000).as("batch of %d", batch.size()).isTrue());
        assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(written);
        assertThat(batches).contains(List.of("x".repeat(1500)));
        assertThat(sender.undelivered()).isZero();
    }

    @Test
    void aLogMessageLongerThanABatchCouldCarryIsCutSayingHowMuch() {
        String huge = "y".repeat(LogEntry.MAX_MESSAGE_CHARS + 5000);

        String shipped = LogEntry.cut(huge);

        assertThat(shipped).startsWith("y".repeat(LogEntry.MAX_MESSAGE_CHARS))
                .endsWith(" … [5000 more characters cut]");
        assertThat(RunReporting.jsonSize(new LogEntry(null, "INFO", "flow", shipped, null)))
                .isLessThan(Delivery.DEFAULT.maxBatchBytes());
        assertThat(LogEntry.cut("short")).isEqualTo("short");
    }
}
