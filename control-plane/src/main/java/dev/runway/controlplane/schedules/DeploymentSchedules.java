package dev.runway.controlplane.schedules;

import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.ScheduleStore;
import dev.runway.controlplane.store.StoredSchedule;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSchedule;
import dev.runway.model.schedule.Schedule;
import dev.runway.model.schedule.ScheduleId;
import dev.runway.model.schedule.ScheduleSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A deployment's schedules as people and the deployment spec change them. Each change locks the schedule's row, then
 * takes away the runs it made that no longer fit, so the scheduler, which locks the row to make runs, never adds one
 * behind the change's back.
 */
@Service
public class DeploymentSchedules {

    /** How many fire times {@link #list} shows per schedule. */
    public static final int NEXT_FIRE_TIMES = 5;

    private final ScheduleStore schedules;
    private final DeploymentStore deployments;
    private final FlowRunStore runs;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    public DeploymentSchedules(ScheduleStore schedules, DeploymentStore deployments, FlowRunStore runs,
                               TransactionTemplate tx, ApplicationEventPublisher events, Clock clock) {
        this.schedules = schedules;
        this.deployments = deployments;
        this.runs = runs;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
    }

    /** The deployment's schedules as declared, each {@code active} as it is now. */
    public List<ScheduleSpec> current(UUID deploymentId) {
        return schedules.list(deploymentId).stream().map(StoredSchedule::spec).toList();
    }

    /** As {@link #current(UUID)} for several deployments at once; a deployment without schedules is left out. */
    public Map<UUID, List<ScheduleSpec>> current(Collection<UUID> deploymentIds) {
        return schedules.list(deploymentIds).stream().collect(Collectors.groupingBy(StoredSchedule::deploymentId,
                Collectors.mapping(StoredSchedule::spec, Collectors.toList())));
    }

    /**
     * Makes the deployment's schedules {@code wanted} (defaults filled in, each {@code active} given), in the caller's
     * transaction. A schedule no longer wanted goes with the runs it made that have not started; a schedule paused
     * loses those too. When the deployment itself changed, the runs its schedules made ahead carry what it was, so
     * those not due yet go and are made again. A new schedule starts from now: it catches up on nothing before it.
     *
     * @return whether a schedule was added, removed or declared otherwise
     */
    public boolean replace(UUID deploymentId, List<ScheduleSpec> wanted, boolean deploymentChanged) {
        Instant now = clock.instant();
        Map<String, StoredSchedule> stored = schedules.lockAll(deploymentId).stream()
                .collect(Collectors.toMap(StoredSchedule::id, Function.identity()));
        Map<String, Integer> wantedIds = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            wantedIds.put(ScheduleId.of(wanted.get(i)), i);
        }
        boolean changed = false;
        for (StoredSchedule old : stored.values()) {
            if (!wantedIds.containsKey(old.id())) {
                runs.deleteUnstarted(deploymentId, old.createdBy(), null);
                schedules.delete(deploymentId, old.id());
                changed = true;
            }
        }
        for (Map.Entry<String, Integer> entry : wantedIds.entrySet()) {
            ScheduleSpec spec = wanted.get(entry.getValue());
            StoredSchedule old = stored.get(entry.getKey());
            if (old == null) {
                schedules.insert(new StoredSchedule(deploymentId, entry.getKey(), entry.getValue(), spec, now, now), now);
                changed = true;
                continue;
            }
            StoredSchedule next = withActive(new StoredSchedule(deploymentId, old.id(), entry.getValue(), spec,
                    old.plannedThrough(), old.nextPass()), old, now);
            if (deploymentChanged && next.active()) {
                runs.deleteUnstarted(deploymentId, old.createdBy(), now);
                next = new StoredSchedule(deploymentId, old.id(), next.index(), spec, earlier(next.plannedThrough(), now),
                        now);
            }
            if (!next.equals(old)) {
                schedules.update(next, now);
            }
            changed |= old.index() != next.index() || !old.spec().equals(next.spec());
        }
        if (changed || deploymentChanged) {
            events.publishEvent(new SchedulesChanged(deploymentId));
        }
        return changed;
    }

    /** Deletes the deployment's schedules and the runs they made that have not started, in the caller's transaction. */
    public void deleteAll(UUID deploymentId) {
        for (StoredSchedule schedule : schedules.lockAll(deploymentId)) {
            runs.deleteUnstarted(deploymentId, schedule.createdBy(), null);
            schedules.delete(deploymentId, schedule.id());
        }
    }

    /** The deployment's schedules with their next fire times. */
    public List<DeploymentSchedule> list(String deploymentName) {
        Deployment deployment = deployment(deploymentName);
        Instant now = clock.instant();
        return schedules.list(deployment.id()).stream().map(schedule -> view(schedule, deployment, now)).toList();
    }

    /**
     * Pauses ({@code false}) or resumes a schedule. Paused, it makes no runs and the ones it made that have not started
     * go; resumed, its catch-up policy decides on the fire times it missed.
     */
    public DeploymentSchedule setActive(String deploymentName, String id, boolean active) {
        Deployment deployment = deployment(deploymentName);
        StoredSchedule changed = tx.execute(status -> {
            StoredSchedule old = schedules.lock(deployment.id(), id).orElseThrow(() -> new NotFoundException(
                    "deployment '" + deploymentName + "' has no schedule '" + id + "'; GET /api/deployments/"
                            + deploymentName + "/schedules lists its schedules"));
            StoredSchedule next = withActive(new StoredSchedule(old.deploymentId(), old.id(), old.index(),
                    old.spec().withActive(active), old.plannedThrough(), old.nextPass()), old, clock.instant());
            if (!next.equals(old)) {
                schedules.update(next, clock.instant());
                events.publishEvent(new SchedulesChanged(deployment.id()));
            }
            return next;
        });
        return view(Objects.requireNonNull(changed), deployment, clock.instant());
    }

    /** {@code next} as pausing or resuming {@code old} leaves it, its runs not started deleted on a pause. */
    private StoredSchedule withActive(StoredSchedule next, StoredSchedule old, Instant now) {
        if (old.active() && !next.active()) {
            runs.deleteUnstarted(old.deploymentId(), old.createdBy(), null);
            return new StoredSchedule(next.deploymentId(), next.id(), next.index(), next.spec(),
                    earlier(next.plannedThrough(), now), next.nextPass());
        }
        if (!old.active() && next.active()) {
            return new StoredSchedule(next.deploymentId(), next.id(), next.index(), next.spec(), next.plannedThrough(),
                    now);
        }
        return next;
    }

    private static DeploymentSchedule view(StoredSchedule schedule, Deployment deployment, Instant now) {
        List<Instant> next = schedule.active() && !deployment.spec().paused()
                ? Schedule.of(schedule.spec()).between(now, Instant.MAX, NEXT_FIRE_TIMES) : List.of();
        return new DeploymentSchedule(schedule.id(), schedule.spec(), next);
    }

    private Deployment deployment(String name) {
        return deployments.findByName(name).orElseThrow(() -> new NotFoundException("no deployment named '" + name + "'"));
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
