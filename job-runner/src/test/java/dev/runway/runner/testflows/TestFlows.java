package dev.runway.runner.testflows;

import dev.runway.flow.Tasks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Flows for the runtime's tests, found by scanning this package like the real ones are found in functions/. */
@Configuration
public class TestFlows {

    private static final Logger log = LoggerFactory.getLogger(TestFlows.class);

    /** How many times any flow here was called: a run that must not execute leaves it at zero. */
    public static final AtomicInteger INVOCATIONS = new AtomicInteger();
    /** Counted down when the {@code waitForever} flow is blocked, ready to be cancelled. */
    public static volatile CountDownLatch waiting = new CountDownLatch(1);
    public static volatile boolean interrupted;
    public static final List<String> said = new CopyOnWriteArrayList<>();
    /** Set to let the threads of {@code ignoreInterrupts} and {@code leaveBehind} end. */
    public static volatile boolean released;

    public static void reset() {
        INVOCATIONS.set(0);
        waiting = new CountDownLatch(1);
        interrupted = false;
        said.clear();
        released = false;
    }

    public record Greeting(String name, int times) {
    }

    public record Reply(String message) {
    }

    @Bean
    public Function<Greeting, Reply> greet() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            log.info("Greeting {} {} times", greeting.name(), greeting.times());
            return new Reply(("Hello, " + greeting.name() + "! ").repeat(greeting.times()).strip());
        };
    }

    @Bean
    public Function<Greeting, Reply> explode() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            throw new IllegalStateException("cannot greet " + greeting.name());
        };
    }

    @Bean
    public Function<Greeting, Reply> silentFailure() {
        return greeting -> {
            // an exception without a message: the runner must report its class name instead
            throw new UnsupportedOperationException();
        };
    }

    @Bean
    public Function<Greeting, Reply> steps() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            String name = Tasks.run("shout", () -> {
                log.info("Shouting {}", greeting.name());
                return greeting.name().toUpperCase();
            });
            Tasks.run("whisper", () -> log.info("whispering {}", name));
            try {
                Tasks.run("refuse", () -> {
                    throw new IllegalArgumentException("no third step");
                });
            } catch (IllegalArgumentException expected) {
                log.info("third step refused as planned");
            }
            return new Reply(name);
        };
    }

    @Bean
    public Function<Greeting, Reply> waitForever() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            try {
                waiting.countDown();
                new CountDownLatch(1).await();
                return new Reply("never");
            } catch (InterruptedException e) {
                interrupted = true;
                log.info("Interrupted, stopping");
                throw new IllegalStateException("interrupted", e);
            }
        };
    }

    /** Blocked until {@link #released}, whatever interrupts it: a flow that cannot be cancelled. */
    @Bean
    public Function<Greeting, Reply> ignoreInterrupts() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            waiting.countDown();
            while (!released) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    log.info("Interrupted, going on regardless");
                }
            }
            return new Reply("released");
        };
    }

    /** Returns at once, leaving a thread that logs "Left behind by …" every few milliseconds until {@link #released}. */
    @Bean
    public Function<Greeting, Reply> leaveBehind() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            Thread.ofPlatform().daemon().name("left-behind").start(() -> {
                while (!released) {
                    log.info("Left behind by {}", greeting.name());
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return new Reply("left a thread behind");
        };
    }

    /** Sleeps {@code times} milliseconds, then greets. */
    @Bean
    public Function<Greeting, Reply> nap() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            try {
                Thread.sleep(greeting.times());
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
            return new Reply("Slept, " + greeting.name());
        };
    }

    @Bean
    public Function<Greeting, Reply> outOfMemory() {
        return greeting -> {
            INVOCATIONS.incrementAndGet();
            throw new OutOfMemoryError("pretending to be out of memory");
        };
    }

    /** Logs {@code times} lines as fast as it can: "Line 1 of 5000", … */
    @Bean
    public Function<Greeting, Reply> chatty() {
        return greeting -> {
            for (int line = 1; line <= greeting.times(); line++) {
                log.info("Line {} of {}", line, greeting.times());
            }
            return new Reply("said " + greeting.times() + " lines");
        };
    }

    /** Greets into {@link #said}: a flow that returns nothing. */
    @Bean
    public Consumer<Greeting> greetSilently() {
        return greeting -> said.add("Hello, " + greeting.name());
    }

    @Bean
    public Supplier<Reply> noParameters() {
        return () -> new Reply("nothing needed");
    }
}
