package dev.runway.functions.sleep;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SleepTest {

    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void sleepsOneSecondAtATime() {
        Sleep.Slept slept = new Sleep(pauses::add).apply(new Sleep.Parameters(3));

        assertThat(slept).isEqualTo(new Sleep.Slept(3, false));
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void stopsWhenInterruptedAndKeepsTheInterrupt() {
        Sleep sleep = new Sleep(duration -> {
            pauses.add(duration);
            if (pauses.size() == 3) {
                throw new InterruptedException();
            }
        });

        Sleep.Slept slept = sleep.apply(new Sleep.Parameters(30));

        assertThat(slept).isEqualTo(new Sleep.Slept(2, true));
        assertThat(Thread.interrupted()).isTrue();
    }
}
