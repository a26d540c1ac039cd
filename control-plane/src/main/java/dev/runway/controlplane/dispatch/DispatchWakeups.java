package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.loops.BackgroundLoops;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.model.StateType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Starts a run's dispatch as soon as it is due, at once or when its time comes, instead of at the loops' next poll. */
@Component
class DispatchWakeups {

    private final BackgroundLoops loops;
    private final Clock clock;

    DispatchWakeups(BackgroundLoops loops, Clock clock) {
        this.loops = loops;
        this.clock = clock;
    }

    @EventListener
    void on(FlowRunStateChanged change) {
        var state = change.run().state();
        Instant now = clock.instant();
        if (state.type() == StateType.SCHEDULED && !change.run().expectedStartTime().isAfter(now)) {
            loops.wake(Dispatcher.class);
        } else if (state.type() == StateType.SCHEDULED) {
            loops.wakeIn(Dispatcher.class, Duration.between(now, change.run().expectedStartTime()));
        } else if (state.type() == StateType.PENDING) {
            loops.wake(OutboxDrainer.class);
        }
    }
}
