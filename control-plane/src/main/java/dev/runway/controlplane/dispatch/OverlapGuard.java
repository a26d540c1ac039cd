package dev.runway.controlplane.dispatch;

import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.ScheduleStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.controlplane.store.StoredSchedule;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.schedule.OverlapPolicy;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies a schedule's overlap policy when one of its runs falls due while the schedule's previous run is still under
 * way: {@code skip} ends the new run CANCELLED, named Skipped; {@code queue} keeps it SCHEDULED, named
 * AwaitingPrevious, until the previous one ends (one at most: a further one is skipped); {@code allow} lets it go.
 */
@Component
public class OverlapGuard {

    /** The overlap policies of the schedules that made some runs; a run no schedule made is allowed. */
    public record Policies(Map<String, OverlapPolicy> bySchedule) {

        public OverlapPolicy of(StoredRun run) {
            String id = run.run().scheduleId();
            return id == null ? OverlapPolicy.ALLOW : bySchedule.getOrDefault(key(run.run().deploymentId(), id),
                    OverlapPolicy.ALLOW);
        }
    }

    private final ScheduleStore schedules;
    private final FlowRunStore runs;
    private final Transitions transitions;

    public OverlapGuard(ScheduleStore schedules, FlowRunStore runs, Transitions transitions) {
        this.schedules = schedules;
        this.runs = runs;
        this.transitions = transitions;
    }

    /** The policies for these runs, read at once. */
    public Policies policies(List<StoredRun> due) {
        List<UUID> deployments = due.stream().filter(run -> run.run().scheduleId() != null)
                .map(run -> run.run().deploymentId()).distinct().toList();
        Map<String, OverlapPolicy> policies = new HashMap<>();
        for (StoredSchedule schedule : schedules.list(deployments)) {
            policies.put(key(schedule.deploymentId(), schedule.id()), schedule.spec().overlapPolicy());
        }
        return new Policies(policies);
    }

    /**
     * Holds {@code due} back if its schedule's previous run is under way and {@code policy} says so, proposing its
     * Skipped or AwaitingPrevious state; false when it may be dispatched. Runs in the caller's transaction and locks
     * the schedule's row first, so two dispatchers never both let a run of one schedule go.
     */
    public boolean holdsBack(StoredRun due, OverlapPolicy policy, Instant now) {
        FlowRun run = due.run();
        if (policy == OverlapPolicy.ALLOW || schedules.lock(run.deploymentId(), run.scheduleId()).isEmpty()) {
            return false;
        }
        Optional<StoredRun> previous = runs.findUnderWay(run.deploymentId(), run.createdBy())
                .filter(other -> !other.run().id().equals(run.id()));
        if (previous.isEmpty()) {
            return false;
        }
        String going = "run " + previous.get().run().name() + " (" + previous.get().run().id() + ") of this schedule is"
                + " still " + previous.get().run().state().type();
        if (StateNames.AWAITING_PREVIOUS.equals(run.state().name())) {
            return true;
        }
        Optional<StoredRun> queued = policy == OverlapPolicy.QUEUE
                ? runs.findScheduledNamed(run.deploymentId(), run.createdBy(), StateNames.AWAITING_PREVIOUS)
                : Optional.empty();
        if (policy == OverlapPolicy.QUEUE && queued.isEmpty()) {
            transitions.proposeVerdict(due, State.scheduled(StateNames.AWAITING_PREVIOUS,
                    "waits until " + going + " ends (overlap: queue)", now, run.expectedStartTime()));
        } else {
            String why = queued.map(q -> going + " and run " + q.run().name() + " waits for it already (overlap: queue"
                    + " keeps one)").orElse(going + " (overlap: skip)");
            transitions.proposeVerdict(due, State.of(StateType.CANCELLED, "skipped: " + why, now)
                    .withName(StateNames.SKIPPED));
        }
        return true;
    }

    private static String key(UUID deploymentId, String scheduleId) {
        return deploymentId + "/" + scheduleId;
    }
}
