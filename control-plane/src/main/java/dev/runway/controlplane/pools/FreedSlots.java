package dev.runway.controlplane.pools;

import dev.runway.controlplane.dispatch.OutboxDrainer;
import dev.runway.controlplane.loops.BackgroundLoops;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.store.OutboxStore;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * When a run stops holding a slot of its pool (it ended, or went back to SCHEDULED), a pool's settings change, or a
 * warm runner of the pool becomes free, the pool's waiting dispatches are made due and the drainer woken: they start
 * now, not after redeliver-after.
 */
@Component
public class FreedSlots {

    private final OutboxStore outbox;
    private final BackgroundLoops loops;

    public FreedSlots(OutboxStore outbox, BackgroundLoops loops) {
        this.outbox = outbox;
        this.loops = loops;
    }

    @EventListener
    public void on(FlowRunStateChanged change) {
        if (change.previous() != null && change.previous().type().isUnderWay() && !change.run().state().type().isUnderWay()
                && outbox.makeDueInPoolOf(change.run().id()) > 0) {
            loops.wake(OutboxDrainer.class);
        }
    }

    @EventListener
    public void on(WorkPoolChanged change) {
        wakePool(change.pool());
    }

    @EventListener
    public void on(WarmRunnerFree free) {
        wakePool(free.pool());
    }

    private void wakePool(String pool) {
        if (outbox.makeDueInPool(pool) > 0) {
            loops.wake(OutboxDrainer.class);
        }
    }
}
