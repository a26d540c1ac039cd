package dev.runway.controlplane.loops;

import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.config.RunwaySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Passes sooner than a loop's interval: the loop's own wish after each pass, and a wake-up planned for later. */
class BackgroundLoopsTest {

    /** Passes once an hour unless it asks for sooner. */
    static final class Hourly implements BackgroundLoop {

        final AtomicInteger passes = new AtomicInteger();
        volatile Optional<Duration> soon = Optional.empty();

        @Override
        public void runOnce() {
            passes.incrementAndGet();
        }

        @Override
        public Duration interval() {
            return Duration.ofHours(1);
        }

        @Override
        public Optional<Duration> untilNextPass() {
            return soon;
        }
    }

    private final Hourly loop = new Hourly();
    private final BackgroundLoops loops = new BackgroundLoops(List.of(loop), RunwaySettings.bind(Map.of()));

    @AfterEach
    void stop() {
        loops.stop();
    }

    @Test
    void aLoopThatAsksForItsNextPassSoonerGetsIt() {
        loops.start();
        loop.soon = Optional.of(Duration.ofMillis(5));

        loops.wake(Hourly.class);

        await().atMost(Duration.ofSeconds(5)).until(() -> loop.passes.get() >= 5);
    }

    @Test
    void aWakeUpForLaterComesThenAndASoonerOneReplacesIt() {
        loops.start();

        loops.wakeIn(Hourly.class, Duration.ofMinutes(30));
        loops.wakeIn(Hourly.class, Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(5)).until(() -> loop.passes.get() == 1);
    }
}
