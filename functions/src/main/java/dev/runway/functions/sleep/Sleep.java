package dev.runway.functions.sleep;

import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sleeps for {@code seconds}, logging every second, and stops as soon as it is interrupted (the runner
 * interrupts a flow whose run is cancelled). The control plane's crash and cancel tests rely on it.
 */
@Component("sleep")
public class Sleep implements Function<Sleep.Parameters, Sleep.Slept> {

    private static final Logger log = LoggerFactory.getLogger(Sleep.class);

    /** @param seconds how long to sleep; the deployment's default is 30 */
    public record Parameters(int seconds) {
    }

    /** @param interrupted whether it stopped early because it was interrupted */
    public record Slept(int seconds, boolean interrupted) {
    }

    /** Waits for a duration; replaced in tests so they do not wait. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Pause pause;

    public Sleep() {
        this(Thread::sleep);
    }

    Sleep(Pause pause) {
        this.pause = pause;
    }

    @Override
    public Slept apply(Parameters parameters) {
        for (int slept = 0; slept < parameters.seconds(); slept++) {
            try {
                pause.pause(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.info("Interrupted after {} of {} seconds, stopping", slept, parameters.seconds());
                return new Slept(slept, true);
            }
            log.info("Slept {} of {} seconds", slept + 1, parameters.seconds());
        }
        return new Slept(parameters.seconds(), false);
    }
}
