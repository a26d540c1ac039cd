package dev.runway.controlplane.schedules;

import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.loops.BackgroundLoops;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Passes the scheduler as soon as schedules change (once the change is committed), and the dispatcher as soon as a
 * schedule's run stops being under way, so a run queued behind it (AwaitingPrevious) goes at once.
 */
@Component
class ScheduleWakeups {

    private final BackgroundLoops loops;

    ScheduleWakeups(BackgroundLoops loops) {
        this.loops = loops;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SchedulesChanged change) {
        loops.wake(Scheduler.class);
    }

    @EventListener
    void on(FlowRunStateChanged change) {
        boolean wasUnderWay = change.previous() != null && change.previous().type().isUnderWay();
        if (change.run().scheduleId() != null && wasUnderWay && !change.run().state().type().isUnderWay()) {
            loops.wake(Dispatcher.class);
        }
    }
}
