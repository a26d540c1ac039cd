package dev.runway.controlplane.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.store.MutableClock;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.controlplane.store.UpsertOutcome;
import dev.runway.model.DeploymentSchedule;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import dev.runway.model.schedule.ScheduleId;
import dev.runway.model.schedule.ScheduleSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Schedules making, dispatching and changing their runs against a real database: every database Runway supports runs
 * these through its subclass. Time moves by a clock the test turns; nothing waits for it to pass.
 */
abstract class ScheduleContract {

    /** A Tuesday. */
    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final Map<String, String> SETTINGS = Map.of("runway.schedules.max-catch-up", "5");

    @TempDir
    Path home;

    private TestDatabase database;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final MutableClock clock = new MutableClock(START);
    private ControlPlaneParts cp;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void setUp() {
        database = createDatabase();
        cp = controlPlane(SETTINGS);
    }

    @AfterEach
    void tearDown() {
        pools.forEach(HikariDataSource::close);
        database.drop();
    }

    @Test
    void runsAreMadeAheadForTheNextFireTimesWithKeysThatNameTheScheduleAndTheFireTime() {
        ScheduleSpec everyFive = new ScheduleSpec("*/5 * * * *", null, null, null, object("{\"name\":\"Ada\"}"), null,
                null, null);
        deploy("report", everyFive);
        String id = ScheduleId.of(everyFive);

        cp.scheduler.runOnce();

        List<FlowRun> made = runs("report");
        assertThat(made).extracting(FlowRun::expectedStartTime).containsExactly(at("12:05"), at("12:10"), at("12:15"));
        assertThat(made).extracting(FlowRun::idempotencyKey).containsExactly("schedule:" + id + ":2026-11-24T12:05:00Z",
                "schedule:" + id + ":2026-11-24T12:10:00Z", "schedule:" + id + ":2026-11-24T12:15:00Z");
        assertThat(made).extracting(FlowRun::createdBy).containsOnly("schedule:" + id);
        assertThat(made).extracting(FlowRun::scheduleId).containsOnly(id);
        assertThat(made).extracting(run -> run.state().type()).containsOnly(StateType.SCHEDULED);
        assertThat(made.getFirst().parameters()).isEqualTo(object("{\"times\":1,\"name\":\"Ada\"}"));
        assertThat(cp.events).filteredOn(FlowRunStateChanged.class::isInstance).hasSize(3);
        assertThat(cp.schedules.list("report")).singleElement().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(id);
            assertThat(listed.nextFireTimes()).containsExactly(at("12:05"), at("12:10"), at("12:15"), at("12:20"),
                    at("12:25"));
            assertThat(listed.schedule().active()).isTrue();
            assertThat(listed.schedule().catchUp()).isEqualTo("latest");
        });
    }

    @Test
    void aRestartOrAPassRepeatedAfterACrashMakesNoSecondRun() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();
        ControlPlaneParts restarted = controlPlane(SETTINGS);

        restarted.scheduler.runOnce();
        // a control plane that died after making runs but before recording it: the next pass makes them again
        cp.jdbc.sql("update deployment_schedules set planned_through = ?, next_pass = ?")
                .params(START.atOffset(ZoneOffset.UTC), START.atOffset(ZoneOffset.UTC)).update();
        restarted.scheduler.runOnce();
        clock.advance(Duration.ofSeconds(90));
        cp.scheduler.runOnce();
        restarted.scheduler.runOnce();

        assertThat(runs("report")).extracting(FlowRun::expectedStartTime)
                .containsExactly(at("12:01"), at("12:02"), at("12:03"), at("12:04"));
    }

    @Test
    void twoControlPlanesAtOnceMakeAndDispatchEveryRunExactlyOnce() throws Exception {
        ControlPlaneParts other = controlPlane(SETTINGS);
        int deploymentCount = 20;
        for (int i = 0; i < deploymentCount; i++) {
            deploy("d" + i, cron("* * * * *"));
        }
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            for (int minute = 1; minute <= 15; minute++) {
                clock.advance(Duration.ofSeconds(30));
                together(threads, cp.scheduler::runOnce, other.scheduler::runOnce, cp.dispatcher::runOnce,
                        other.dispatcher::runOnce);
                clock.advance(Duration.ofSeconds(30));
                together(threads, cp.scheduler::runOnce, other.scheduler::runOnce, cp.dispatcher::runOnce,
                        other.dispatcher::runOnce);
            }
        }

        for (int i = 0; i < deploymentCount; i++) {
            List<FlowRun> made = runs("d" + i);
            List<Instant> expected = new ArrayList<>();
            // passes at half past make the next three minutes: the last, at 12:14:30, made 12:17
            for (int minute = 1; minute <= 17; minute++) {
                expected.add(START.plus(Duration.ofMinutes(minute)));
            }
            assertThat(made).extracting(FlowRun::expectedStartTime).as("d" + i).containsExactlyElementsOf(expected);
            assertThat(made).filteredOn(run -> !run.expectedStartTime().isAfter(clock.instant()))
                    .extracting(run -> run.state().type()).as("d" + i).hasSize(15).containsOnly(StateType.PENDING);
        }
        assertThat(cp.jdbc.sql("select count(*) from outbox").query(Long.class).single())
                .isEqualTo(15L * deploymentCount);
        assertThat(cp.jdbc.sql("select count(distinct flow_run_id) from outbox").query(Long.class).single())
                .isEqualTo(15L * deploymentCount);
    }

    @Test
    void changingAScheduleRemovesTheRunsItMadeThatHaveNotStartedAndKeepsTheOneUnderWay() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();
        clock.advance(Duration.ofMinutes(1));
        cp.dispatcher.runOnce();
        FlowRun dispatched = runs("report").getFirst();

        UpsertOutcome changed = deploy("report", cron("*/10 * * * *"));
        cp.scheduler.runOnce();

        assertThat(changed.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(runs("report")).extracting(FlowRun::expectedStartTime)
                .containsExactly(at("12:01"), at("12:10"), at("12:20"), at("12:30"));
        assertThat(cp.service.get(dispatched.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(cp.events).contains(new SchedulesChanged(changed.deployment().id()));

        deploy("report");
        cp.scheduler.runOnce();

        assertThat(runs("report")).extracting(FlowRun::id).containsExactly(dispatched.id());
        assertThat(cp.schedules.list("report")).isEmpty();
    }

    @Test
    void changingTheDeploymentMakesTheRunsAheadAgainWithWhatItIsNow() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();
        List<UUID> before = runs("report").stream().map(FlowRun::id).toList();

        cp.deployments.upsert("report", spec("{\"times\":7}", cron("* * * * *")));
        cp.scheduler.runOnce();

        List<FlowRun> after = runs("report");
        assertThat(after).extracting(FlowRun::expectedStartTime).containsExactly(at("12:01"), at("12:02"), at("12:03"));
        assertThat(after).extracting(FlowRun::id).doesNotContainAnyElementsOf(before);
        assertThat(after).extracting(run -> run.parameters().get("times").asInt()).containsOnly(7);
    }

    @Test
    void aPausedDeploymentMakesNoRunsAndResumingRunsOnlyTheLatestMissedFireTime() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();
        cp.deployments.upsert("report", paused(spec("{\"times\":1}", cron("* * * * *")), true));

        assertThat(runs("report")).isEmpty();
        clock.advance(Duration.ofHours(2));
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();
        assertThat(runs("report")).isEmpty();
        assertThat(cp.schedules.list("report").getFirst().nextFireTimes()).isEmpty();

        cp.deployments.upsert("report", spec("{\"times\":1}", cron("* * * * *")));
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();

        List<FlowRun> after = runs("report");
        assertThat(after).extracting(FlowRun::expectedStartTime).containsExactly(at("14:00"), at("14:01"), at("14:02"),
                at("14:03"));
        assertThat(after.getFirst().state().type()).isEqualTo(StateType.PENDING);
        assertThat(after.getFirst().state().message()).contains("catchUp: latest runs it");
        assertThat(after.subList(1, 4)).extracting(run -> run.state().type()).containsOnly(StateType.SCHEDULED);
    }

    @Test
    void aPausedScheduleMakesNoRunsAndDeployingTheSameSpecAgainKeepsThePause() {
        ScheduleSpec minutely = cron("* * * * *");
        deploy("report", minutely);
        cp.scheduler.runOnce();
        String id = ScheduleId.of(minutely);

        DeploymentSchedule paused = cp.schedules.setActive("report", id, false);
        cp.scheduler.runOnce();
        UpsertOutcome again = deploy("report", minutely);

        assertThat(paused.schedule().active()).isFalse();
        assertThat(paused.nextFireTimes()).isEmpty();
        assertThat(runs("report")).isEmpty();
        assertThat(again.change()).isEqualTo(UpsertOutcome.Change.UNCHANGED);
        assertThat(cp.deployments.get("report").spec().schedules()).singleElement()
                .satisfies(schedule -> assertThat(schedule.active()).isFalse());

        clock.advance(Duration.ofSeconds(30));
        cp.schedules.setActive("report", id, true);
        cp.scheduler.runOnce();
        assertThat(runs("report")).extracting(FlowRun::expectedStartTime)
                .containsExactly(at("12:01"), at("12:02"), at("12:03"));

        UpsertOutcome declaredPaused = deploy("report", minutely.withActive(false));
        assertThat(declaredPaused.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(runs("report")).isEmpty();
    }

    @Test
    void afterAnOutageSkipMarksTheRunsMadeMissedAndRunsNone() {
        List<FlowRun> after = outage(new ScheduleSpec("* * * * *", null, null, null, null, null, "skip", null));

        assertThat(after).filteredOn(run -> run.state().type() == StateType.CANCELLED)
                .extracting(FlowRun::expectedStartTime).containsExactly(at("12:01"), at("12:02"), at("12:03"));
        assertThat(after).filteredOn(run -> run.state().type() == StateType.CANCELLED)
                .allSatisfy(run -> {
                    assertThat(run.state().name()).isEqualTo(StateNames.MISSED);
                    assertThat(run.state().message()).contains("catchUp: skip does not run it");
                });
        assertThat(after).filteredOn(run -> run.state().type() == StateType.PENDING).isEmpty();
        assertThat(after).filteredOn(run -> run.state().type() == StateType.SCHEDULED)
                .extracting(FlowRun::expectedStartTime).containsExactly(at("14:01"), at("14:02"), at("14:03"));
    }

    @Test
    void afterAnOutageLatestRunsTheLatestFireTimeOnce() {
        List<FlowRun> after = outage(cron("* * * * *"));

        assertThat(after).filteredOn(run -> run.state().type() == StateType.CANCELLED)
                .extracting(FlowRun::expectedStartTime).containsExactly(at("12:01"), at("12:02"), at("12:03"));
        assertThat(after).filteredOn(run -> run.state().type() == StateType.PENDING)
                .extracting(FlowRun::expectedStartTime).containsExactly(at("14:00"));
    }

    @Test
    void afterAnOutageAllRunsTheLatestFireTimesUpToTheBound() {
        List<FlowRun> after = outage(new ScheduleSpec("* * * * *", null, null, null, null, null, "all", null));

        assertThat(after).filteredOn(run -> run.state().type() == StateType.PENDING)
                .extracting(FlowRun::expectedStartTime)
                .containsExactly(at("13:56"), at("13:57"), at("13:58"), at("13:59"), at("14:00"));
        assertThat(after).filteredOn(run -> run.state().type() == StateType.CANCELLED)
                .extracting(run -> run.state().name()).hasSize(3).containsOnly(StateNames.MISSED);
        FlowRun caughtUp = after.stream().filter(run -> run.expectedStartTime().equals(at("13:56"))).findFirst()
                .orElseThrow();
        assertThat(history(caughtUp)).extracting(State::name).containsExactly("Scheduled", "Late", "Pending");
    }

    @Test
    void aRunALittleLateStillRunsMarkedLate() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();
        clock.advance(Duration.ofSeconds(100));

        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();

        FlowRun late = runs("report").getFirst();
        assertThat(late.expectedStartTime()).isEqualTo(at("12:01"));
        assertThat(late.state().type()).isEqualTo(StateType.PENDING);
        assertThat(history(late)).extracting(State::name).containsExactly("Scheduled", "Late", "Pending");
    }

    @Test
    void overlapAllowStartsTheNextRunWhileThePreviousOneRuns() {
        deploy("report", cron("* * * * *"));
        FlowRun first = dispatchedAndRunning();

        clock.advance(Duration.ofMinutes(1));
        cp.dispatcher.runOnce();

        assertThat(runs("report").get(1).state().type()).isEqualTo(StateType.PENDING);
        assertThat(cp.service.get(first.id()).state().type()).isEqualTo(StateType.RUNNING);
    }

    @Test
    void overlapSkipEndsTheRunsDueMeanwhileSkippedAndTheScheduleKeepsItsTimes() {
        deploy("report", new ScheduleSpec("* * * * *", null, null, null, null, null, null, "skip"));
        FlowRun first = dispatchedAndRunning();

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(1));
            cp.scheduler.runOnce();
            cp.dispatcher.runOnce();
        }
        finish(first);
        clock.advance(Duration.ofMinutes(1));
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();

        List<FlowRun> made = runs("report");
        assertThat(made.subList(0, 4)).extracting(FlowRun::expectedStartTime)
                .containsExactly(at("12:01"), at("12:02"), at("12:03"), at("12:04"));
        assertThat(made.subList(1, 3)).allSatisfy(skipped -> {
            assertThat(skipped.state().type()).isEqualTo(StateType.CANCELLED);
            assertThat(skipped.state().name()).isEqualTo(StateNames.SKIPPED);
            assertThat(skipped.state().message()).contains(first.id().toString()).contains("still RUNNING")
                    .contains("overlap: skip");
        });
        assertThat(made.get(3).state().type()).isEqualTo(StateType.PENDING);
    }

    @Test
    void overlapQueueKeepsOneRunWaitingUntilThePreviousEndsAndSkipsTheRest() {
        deploy("report", new ScheduleSpec("* * * * *", null, null, null, null, null, null, "queue"));
        FlowRun first = dispatchedAndRunning();

        clock.advance(Duration.ofMinutes(1));
        cp.dispatcher.runOnce();
        clock.advance(Duration.ofMinutes(1));
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();
        clock.advance(Duration.ofMinutes(1));
        cp.lateRunMarker.runOnce();
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();

        List<FlowRun> made = runs("report");
        FlowRun queued = made.get(1);
        assertThat(queued.state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(queued.state().name()).isEqualTo(StateNames.AWAITING_PREVIOUS);
        assertThat(queued.state().message()).contains(first.id().toString());
        assertThat(made.subList(2, 4)).extracting(run -> run.state().name()).containsOnly(StateNames.SKIPPED);
        assertThat(made.get(3).state().message()).contains("run " + queued.name() + " waits for it already");

        finish(first);
        cp.dispatcher.runOnce();

        FlowRun started = cp.service.get(queued.id());
        assertThat(started.state().type()).isEqualTo(StateType.PENDING);
        assertThat(started.expectedStartTime()).isEqualTo(at("12:02"));
        assertThat(history(started)).extracting(State::name).containsExactly("Scheduled", "AwaitingPrevious", "Pending");
    }

    @Test
    void aNewYorkRunAtHalfPastTwoRunsOnceAtTheEndOfTheSpringForwardGap() {
        clock.advance(Duration.between(START, Instant.parse("2026-03-06T12:00:00Z")));
        ControlPlaneParts longHorizon = controlPlane(Map.of("runway.schedules.horizon", "2d"));
        ScheduleSpec halfPastTwo = ScheduleSpec.cron("30 2 * * *", "America/New_York");
        deploy("nightly", halfPastTwo);

        while (clock.instant().isBefore(Instant.parse("2026-03-10T00:00:00Z"))) {
            longHorizon.scheduler.runOnce();
            clock.advance(Duration.ofMinutes(20));
        }

        assertThat(runs("nightly")).extracting(FlowRun::expectedStartTime)
                .filteredOn(start -> start.isBefore(Instant.parse("2026-03-10T00:00:00Z")))
                .containsExactly(Instant.parse("2026-03-07T07:30:00Z"), Instant.parse("2026-03-08T07:00:00Z"),
                        Instant.parse("2026-03-09T06:30:00Z"));
    }

    @Test
    void badSchedulesAreRefusedNamingEachFieldAndNothingIsStored() {
        ScheduleSpec good = cron("0 9 * * *");
        DeploymentSpec spec = spec("{\"times\":1}", cron("0 25 * * *"),
                new ScheduleSpec("0 9 * * *", "Mars/Olympus", null, null, null, null, null, null),
                new ScheduleSpec(null, null, "PT30S", null, object("{\"times\":\"often\"}"), null, "sometimes", null),
                good, good);

        assertThatThrownBy(() -> cp.deployments.upsert("report", spec))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactlyInAnyOrder("schedules[0].cron", "schedules[1].timezone", "schedules[2].catchUp",
                                "schedules[2].parameters.times", "schedules[4]"));
        assertThat(cp.jdbc.sql("select count(*) from deployments where name = 'report'").query(Long.class).single())
                .isZero();
        assertThat(cp.jdbc.sql("select count(*) from deployment_schedules").query(Long.class).single()).isZero();
    }

    @Test
    void aScheduleWhoseRunsLackARequiredParameterIsRefused() {
        ObjectNode schema = object("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},"
                + "\"required\":[\"name\"]}");
        DeploymentSpec spec = new DeploymentSpec(null, "hello", null, null, null, schema, null, null, null, null, null,
                null, List.of(cron("0 9 * * *"), new ScheduleSpec("0 10 * * *", null, null, null,
                object("{\"name\":\"Ada\"}"), null, null, null)));

        assertThatThrownBy(() -> cp.deployments.upsert("greet", spec))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactly("schedules[0].parameters.name"));
    }

    @Test
    void deletingADeploymentTakesItsSchedulesAndTheRunsTheyMadeThatHaveNotStarted() {
        deploy("report", cron("* * * * *"));
        cp.scheduler.runOnce();

        cp.deployments.delete("report");

        assertThat(cp.jdbc.sql("select count(*) from flow_runs").query(Long.class).single()).isZero();
        assertThat(cp.jdbc.sql("select count(*) from deployment_schedules").query(Long.class).single()).isZero();
    }

    /** Runs made ahead at 12:00, then two hours with no control plane; then one pass of each loop. */
    private List<FlowRun> outage(ScheduleSpec schedule) {
        deploy("report", schedule);
        cp.scheduler.runOnce();
        clock.advance(Duration.ofHours(2));

        cp.dispatcher.runOnce();
        assertThat(runs("report")).as("the dispatcher leaves missed runs to catch-up")
                .extracting(run -> run.state().type()).containsOnly(StateType.SCHEDULED);
        cp.lateRunMarker.runOnce();
        cp.scheduler.runOnce();
        cp.dispatcher.runOnce();
        return runs("report");
    }

    /** The schedule's first run, at 12:01, dispatched and claimed by a runner. */
    private FlowRun dispatchedAndRunning() {
        cp.scheduler.runOnce();
        clock.advance(Duration.ofMinutes(1));
        cp.dispatcher.runOnce();
        FlowRun first = runs("report").getFirst();
        cp.transitions.propose(first.id(), Proposal.byRunner(State.of(StateType.RUNNING, clock.instant()), 1,
                "runner-1"), null);
        return cp.service.get(first.id());
    }

    private void finish(FlowRun run) {
        cp.transitions.propose(run.id(), Proposal.byRunner(State.completed(null, clock.instant()), 1, "runner-1"), null);
    }

    private UpsertOutcome deploy(String name, ScheduleSpec... schedules) {
        return cp.deployments.upsert(name, spec("{\"times\":1}", schedules)).outcome();
    }

    private static DeploymentSpec spec(String parameters, ScheduleSpec... schedules) {
        ObjectNode schema = object("""
                {"type":"object","properties":{"name":{"type":"string"},"times":{"type":"integer"}},
                 "additionalProperties":false}""");
        return new DeploymentSpec(null, "hello", null, null, object(parameters), schema, List.of(), null, false, null,
                null, null, List.of(schedules));
    }

    private static DeploymentSpec paused(DeploymentSpec spec, boolean paused) {
        return new DeploymentSpec(spec.name(), spec.flowName(), spec.description(), spec.version(), spec.parameters(),
                spec.parameterSchema(), spec.tags(), spec.workPool(), paused, spec.retries(), spec.retryDelaySeconds(),
                spec.jobVariables(), spec.schedules());
    }

    private static ScheduleSpec cron(String cron) {
        return ScheduleSpec.cron(cron, null);
    }

    /** The deployment's runs, earliest fire time first. */
    private List<FlowRun> runs(String deployment) {
        return cp.jdbc.sql("select id from flow_runs where deployment_name = ? order by expected_start_time, created_at")
                .param(deployment).query((rs, row) -> rs.getObject("id", UUID.class)).list().stream()
                .map(cp.service::get).toList();
    }

    private List<State> history(FlowRun run) {
        return cp.service.history(run.id(), 0, 100).items();
    }

    private ControlPlaneParts controlPlane(Map<String, String> settings) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(6);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return new ControlPlaneParts(pool, clock, home, settings);
    }

    /** Runs the passes on their own threads, started at the same moment; fails if any pass failed. */
    private static void together(ExecutorService threads, Runnable... passes) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> done = new ArrayList<>();
        for (Runnable pass : passes) {
            Callable<Object> call = () -> {
                go.await();
                pass.run();
                return null;
            };
            done.add(threads.submit(call));
        }
        go.countDown();
        for (Future<Object> each : done) {
            each.get();
        }
    }

    private static ObjectNode object(String json) {
        return (ObjectNode) Json.mapper().readTree(json);
    }

    private static Instant at(String time) {
        return Instant.parse("2026-11-24T" + time + ":00Z");
    }
}
