package dev.runway.controlplane.schedules;

import dev.runway.controlplane.config.ScheduleSettings;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.loops.BackgroundLoop;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.ScheduleStore;
import dev.runway.controlplane.store.StoredRun;
import dev.runway.controlplane.store.StoredSchedule;
import dev.runway.model.Deployment;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.schedule.CatchUpPolicy;
import dev.runway.model.schedule.OverlapPolicy;
import dev.runway.model.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes schedules' runs ahead of time and catches up on the fire times they missed. Leader-free: any number of
 * control planes on one database run it at once. Each schedule's pass locks its row (another control plane at work on
 * it is left to it), makes its runs with keys that name the schedule and the fire time, so a run made twice is kept
 * once, and records how far it planned. It passes again when the earliest schedule needs it ({@link Horizon}).
 *
 * <p>A run made ahead and still not dispatched {@code missed-after} past its fire time is missed, and so is every fire
 * time of a gap: when the schedule was last planned more than {@code missed-after} ago (the control plane was down,
 * the deployment or the schedule paused), all its fire times since, up to now. The schedule's {@code catchUp} policy
 * decides ({@link CatchUp}): the runs it keeps are dispatched at once, the others made ahead end CANCELLED, named
 * Missed; fire times never made and not kept are not made at all. A shorter delay is no gap: those runs are made and
 * run, a little late.
 */
@Component
public class Scheduler implements BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final int BATCH = 100;

    /** What one schedule's pass did in its transaction and leaves to do after it. */
    private record Pass(List<FlowRun> made, List<StoredRun> missed, List<String> catchUpKeys, UUID deploymentId,
                        String policy) {
    }

    private final ScheduleStore schedules;
    private final DeploymentStore deployments;
    private final FlowRunStore runs;
    private final Parameters parameters;
    private final Transitions transitions;
    private final Dispatcher dispatcher;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ScheduleSettings settings;
    private volatile Instant nextPass;

    public Scheduler(ScheduleStore schedules, DeploymentStore deployments, FlowRunStore runs, Parameters parameters,
                     Transitions transitions, Dispatcher dispatcher, TransactionTemplate tx,
                     ApplicationEventPublisher events, Clock clock, ScheduleSettings settings) {
        this.schedules = schedules;
        this.deployments = deployments;
        this.runs = runs;
        this.parameters = parameters;
        this.transitions = transitions;
        this.dispatcher = dispatcher;
        this.tx = tx;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
    }

    @Override
    public void runOnce() {
        Instant now = clock.instant();
        List<StoredSchedule> due;
        int passed;
        do {
            due = schedules.findDue(now, BATCH);
            passed = 0;
            for (StoredSchedule schedule : due) {
                try {
                    passed += pass(schedule, now) ? 1 : 0;
                } catch (RuntimeException e) {
                    log.warn("schedule {} of deployment {} failed to plan; trying again at the next pass",
                            schedule.id(), schedule.deploymentId(), e);
                }
            }
        } while (due.size() == BATCH && passed > 0);
        nextPass = schedules.earliestPass().orElse(null);
    }

    /** False when there was nothing to do: another control plane is at it, or did it. */
    private boolean pass(StoredSchedule due, Instant now) {
        Pass pass = tx.execute(status -> plan(due, now));
        if (pass == null) {
            return false;
        }
        pass.made().forEach(run -> events.publishEvent(new FlowRunStateChanged(run, null)));
        for (StoredRun missed : pass.missed()) {
            transitions.proposeVerdict(missed, State.of(StateType.CANCELLED, "missed: due at "
                    + missed.run().expectedStartTime() + " while the control plane was down or the deployment or the"
                    + " schedule paused; catchUp: " + pass.policy() + " does not run it", now).withName(StateNames.MISSED));
        }
        for (String key : pass.catchUpKeys()) {
            runs.findByIdempotencyKey(pass.deploymentId(), key).map(FlowRunStore.KeyedRun::run)
                    .flatMap(run -> runs.find(run.id()))
                    .filter(run -> run.run().state().type() == StateType.SCHEDULED)
                    .ifPresent(run -> dispatcher.dispatch(run, overlapOf(run), now, "caught up: missed its start at "
                            + run.run().expectedStartTime() + "; catchUp: " + pass.policy() + " runs it"));
        }
        return true;
    }

    /** One schedule's work in the transaction that holds its row; null when there is none to do. */
    private Pass plan(StoredSchedule due, Instant now) {
        Optional<StoredSchedule> locked = schedules.lockUnlessHeld(due.deploymentId(), due.id());
        Optional<Deployment> deployment = deployments.findById(due.deploymentId());
        if (locked.isEmpty() || !locked.get().active() || locked.get().nextPass() == null
                || locked.get().nextPass().isAfter(now) || deployment.isEmpty() || deployment.get().spec().paused()) {
            return null;
        }
        StoredSchedule schedule = locked.get();
        Schedule times = Schedule.of(schedule.spec());
        Instant missedBefore = now.minus(settings.missedAfter());
        CatchUpPolicy policy = schedule.spec().catchUpPolicy();

        Map<Instant, StoredRun> missedRuns = runs.findUnstartedBefore(schedule.deploymentId(), schedule.createdBy(),
                missedBefore).stream().collect(Collectors.toMap(run -> run.run().expectedStartTime(),
                Function.identity(), (a, b) -> a));
        boolean gap = schedule.plannedThrough().isBefore(missedBefore);
        List<Instant> unmade = gap ? LatestFireTimes.before(times, schedule.plannedThrough(), now.plusNanos(1),
                CatchUp.unmadeNeeded(policy, settings.maxCatchUp())) : List.of();
        CatchUp.Decision catchUp = CatchUp.decide(policy, missedRuns.keySet().stream().sorted().toList(), unmade,
                settings.maxCatchUp());
        Horizon.Plan plan = Horizon.plan(times, gap ? now : schedule.plannedThrough(), now, settings.horizonRuns(),
                settings.horizon());

        List<Instant> toMake = new ArrayList<>(catchUp.run().stream().filter(fire -> !missedRuns.containsKey(fire)).toList());
        toMake.addAll(plan.fireTimes());
        List<FlowRun> made = new ArrayList<>();
        if (!toMake.isEmpty()) {
            ObjectNode runParameters = parameters.resolve(deployment.get().spec().parameterSchema(),
                    deployment.get().spec().parameters(), schedule.spec().parameters());
            for (Instant fire : toMake) {
                FlowRun run = ScheduledRun.of(deployment.get(), schedule, runParameters, fire, now);
                if (runs.insertIfAbsent(run, UUID.randomUUID())) {
                    made.add(run);
                }
            }
        }
        schedules.update(new StoredSchedule(schedule.deploymentId(), schedule.id(), schedule.index(), schedule.spec(),
                plan.plannedThrough(), plan.nextPass()), now);
        if (!catchUp.run().isEmpty() || !catchUp.missed().isEmpty()) {
            log.info("schedule {} of deployment {} missed fire times (planned through {}): catchUp {} runs {},"
                    + " marks {} Missed", schedule.id(), deployment.get().spec().name(), schedule.plannedThrough(),
                    policy.wireName(), catchUp.run(), catchUp.missed().size());
        }
        return new Pass(made, catchUp.missed().stream().map(missedRuns::get).toList(),
                catchUp.run().stream().map(fire -> ScheduledRun.idempotencyKey(schedule, fire)).toList(),
                schedule.deploymentId(), policy.wireName());
    }

    private OverlapPolicy overlapOf(StoredRun run) {
        return schedules.find(run.run().deploymentId(), run.run().scheduleId())
                .map(schedule -> schedule.spec().overlapPolicy())
                .orElse(OverlapPolicy.ALLOW);
    }

    @Override
    public Optional<Duration> untilNextPass() {
        Instant pass = nextPass;
        return pass == null ? Optional.empty() : Optional.of(Duration.between(clock.instant(), pass));
    }

    @Override
    public Duration interval() {
        return settings.checkInterval();
    }
}
