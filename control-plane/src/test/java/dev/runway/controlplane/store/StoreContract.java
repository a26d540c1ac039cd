package dev.runway.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.crashes.CrashDetector;
import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.deployments.ParameterSchemaCheck;
import dev.runway.controlplane.deployments.RunnerFlows;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.dispatch.DispatchTransport;
import dev.runway.controlplane.dispatch.DispatchTransport.Redelivery;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.dispatch.OverlapGuard;
import dev.runway.controlplane.dispatch.LateRunMarker;
import dev.runway.controlplane.dispatch.OutboxDrainer;
import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.launch.FakeLauncher;
import dev.runway.controlplane.launch.Launcher;
import dev.runway.controlplane.launch.Launchers;
import dev.runway.controlplane.launch.RunnerEnvironment;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.Observed;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.pools.LaunchSlots;
import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.retention.RetentionPruner;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.runs.RunLogs;
import dev.runway.controlplane.schedules.DeploymentSchedules;
import dev.runway.controlplane.schedules.ScheduleChecks;
import dev.runway.model.CreateFlowRun;
import dev.runway.model.Deployment;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.LogEntry;
import dev.runway.model.OrchestrationResult;
import dev.runway.model.OrchestrationResult.Status;
import dev.runway.model.Page;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.TaskRunReport;
import dev.runway.model.json.Json;
import dev.runway.model.result.LocalFolderResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * The persistence contract: every database Runway supports runs these tests through its subclass
 * (H2 in PostgreSQL mode, PostgreSQL). They go through the real stores, transitions and loops.
 */
abstract class StoreContract {

    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final int MAX_LOG_LINES = 5;

    @TempDir
    Path home;

    private TestDatabase database;
    private HikariDataSource pool;
    private final MutableClock clock = new MutableClock(START);
    private final List<Object> events = new ArrayList<>();

    private DeploymentService deployments;
    private FlowRunStore runs;
    private OutboxStore outbox;
    private LogStore logs;
    private TaskRunStore taskRuns;
    private RunLogs runLogs;
    private Transitions transitions;
    private FlowRunService service;
    private Dispatcher dispatcher;
    private CrashDetector crashDetector;
    private RunwayProperties properties;
    private LaunchSlots slots;
    private WorkPoolStore pools;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void setUp() {
        database = createDatabase();
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(10);
        pool = new HikariDataSource(config);
        JdbcClient jdbc = JdbcClient.create(pool);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        properties = settings(Map.of());
        Parameters parameters = new Parameters(properties);
        pools = new WorkPoolStore(jdbc, clock);
        WorkPoolService workPools = new WorkPoolService(pools, events::add, tx, properties);
        workPools.createDefaultPool();
        runs = new FlowRunStore(jdbc);
        DeploymentStore deploymentStore = new DeploymentStore(jdbc, clock);
        deployments = new DeploymentService(deploymentStore, runs, parameters, new ParameterSchemaCheck(),
                new RunnerFlows(new RunnerJar(properties, new RunnerEnvironment(properties))), workPools,
                new DeploymentSchedules(new ScheduleStore(jdbc), deploymentStore, runs, tx, events::add, clock),
                new ScheduleChecks(parameters, clock), tx);
        slots = new LaunchSlots(runs, pools, tx);
        outbox = new OutboxStore(jdbc);
        logs = new LogStore(new JdbcTemplate(pool));
        taskRuns = new TaskRunStore(jdbc);
        transitions = new Transitions(runs, outbox, new OrchestrationRules(), tx, events::add, clock);
        runLogs = new RunLogs(logs, tx, clock, properties);
        service = new FlowRunService(deployments, parameters, runs, logs, taskRuns, transitions,
                new LocalFolderResultStore(home.resolve("results")), tx, events::add, clock);
        dispatcher = new Dispatcher(runs, transitions, new OverlapGuard(new ScheduleStore(jdbc), runs, transitions), tx,
                clock, properties, RunwaySettings.schedules(Map.of()));
        crashDetector = new CrashDetector(runs, transitions, clock, properties);
        deploy("hello", 0);
    }

    @AfterEach
    void tearDown() {
        pool.close();
        database.drop();
    }

    @Test
    void upsertingTheSameDeploymentTwiceChangesNothing() {
        var first = deployments.upsert("etl", spec("etl", 0)).outcome();
        clock.advance(Duration.ofMinutes(1));
        var second = deployments.upsert("etl", spec("etl", 0)).outcome();
        var third = deployments.upsert("etl", spec("etl", 2)).outcome();

        assertThat(first.change()).isEqualTo(UpsertOutcome.Change.CREATED);
        assertThat(second.change()).isEqualTo(UpsertOutcome.Change.UNCHANGED);
        assertThat(second.deployment().updatedAt()).isEqualTo(first.deployment().updatedAt());
        assertThat(third.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(deployments.get("etl").spec().retries()).isEqualTo(2);
        assertThat(deployments.get("etl").spec().parameterSchema()).isEqualTo(schema());
    }

    @Test
    void jobVariablesAreStoredAndTheSameOnesAgainChangeNothing() {
        DeploymentSpec sized = withJobVariables(spec("etl", 0), """
                {"memory":"2Gi","timeoutSeconds":3600,"args":["--rows","10"],"env":{"LOG_LEVEL":"debug"},"vpcConnector":null}""");
        var created = deployments.upsert("etl", sized).outcome();
        clock.advance(Duration.ofMinutes(1));
        var same = deployments.upsert("etl", sized).outcome();
        var otherEnv = deployments.upsert("etl", withJobVariables(spec("etl", 0), """
                {"memory":"2Gi","timeoutSeconds":3600,"args":["--rows","10"],"env":{"LOG_LEVEL":"info"},"vpcConnector":null}""")).outcome();
        var none = deployments.upsert("etl", spec("etl", 0)).outcome();

        assertThat(created.change()).isEqualTo(UpsertOutcome.Change.CREATED);
        assertThat(same.change()).isEqualTo(UpsertOutcome.Change.UNCHANGED);
        assertThat(same.deployment().updatedAt()).isEqualTo(created.deployment().updatedAt());
        assertThat(same.deployment().spec().jobVariables()).isEqualTo(sized.jobVariables());
        assertThat(otherEnv.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(otherEnv.deployment().spec().jobVariables().get("env").get("LOG_LEVEL").asString()).isEqualTo("info");
        assertThat(none.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(deployments.get("etl").spec().jobVariables()).isEqualTo(json("{}"));
        assertThat(deployments.list(0, 10).items()).extracting(d -> d.spec().jobVariables().isEmpty()).containsOnly(true);
    }

    @Test
    void jobVariablesOverTheParametersSizeLimitAreRefused() {
        DeploymentSpec huge = withJobVariables(spec("etl", 0), "{\"image\":\"" + "i".repeat(70_000) + "\"}");

        assertThatThrownBy(() -> deployments.upsert("etl", huge))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("jobVariables"));
        assertThat(deployments.list(0, 10).items()).extracting(d -> d.spec().name()).containsExactly("hello");
    }

    @Test
    void aStartedRunIsStoredWithMergedParametersAndItsFirstState() {
        FlowRun run = start("hello", "{\"name\":\"Ada\"}");

        FlowRun stored = service.get(run.id());
        assertThat(stored.parameters()).isEqualTo(json("{\"name\":\"Ada\",\"times\":1}"));
        assertThat(stored.state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(stored.expectedStartTime()).isEqualTo(START);
        assertThat(stored.createdAt()).isEqualTo(START);
        assertThat(history(run.id())).extracting(State::type).containsExactly(StateType.SCHEDULED);
    }

    @Test
    void parametersThatDoNotMatchTheSchemaAreRefusedAndNothingIsStored() {
        assertThatThrownBy(() -> start("hello", "{\"name\":42,\"colour\":\"red\"}"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field)
                        .containsExactlyInAnyOrder("parameters.name", "parameters.colour"));

        assertThat(service.list(all()).total()).isZero();
    }

    @Test
    void theDispatcherMovesDueRunsToPendingAndWritesOneOutboxRowEach() {
        FlowRun due = start("hello", "{}");
        FlowRun later = service.start("hello", new CreateFlowRun(null, null, START.plusSeconds(60), null), "test").run();
        deployments.upsert("paused", new DeploymentSpec("paused", "hello", null, null, null, null, List.of(), null,
                true, 0, 0, null));
        FlowRun paused = start("paused", "{}");

        dispatcher.runOnce();

        assertThat(service.get(due.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(service.get(due.id()).runCount()).isEqualTo(1);
        assertThat(service.get(later.id()).state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(service.get(paused.id()).state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxStore.Dispatch::flowRunId,
                OutboxStore.Dispatch::attempt).containsExactly(tuple(due.id(), 1));
    }

    @Test
    void aBatchOfVerdictsAppliesToTheRunsStillAsSeenInOneGoAndRejectsTheOthers() {
        FlowRun kept = start("hello", "{}");
        FlowRun cancelled = start("hello", "{}");
        List<StoredRun> seen = List.of(runs.find(kept.id()).orElseThrow(), runs.find(cancelled.id()).orElseThrow());
        service.cancel(cancelled.id());

        List<OrchestrationResult> results = transitions.proposeVerdicts(seen, State.of(StateType.PENDING, START));

        assertThat(results).extracting(OrchestrationResult::status).containsExactly(Status.ACCEPT, Status.REJECT);
        assertThat(service.get(kept.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(service.get(kept.id()).runCount()).isEqualTo(1);
        assertThat(service.get(cancelled.id()).state().type()).isEqualTo(StateType.CANCELLED);
        assertThat(history(kept.id())).extracting(State::type).containsExactly(StateType.SCHEDULED, StateType.PENDING);
        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxStore.Dispatch::flowRunId, OutboxStore.Dispatch::attempt)
                .containsExactly(tuple(kept.id(), 1));
        assertThat(events.getLast()).isInstanceOfSatisfying(FlowRunStateChanged.class,
                change -> assertThat(change.run().id()).isEqualTo(kept.id()));
    }

    @Test
    void aRunThatWaitsPastItsStartIsMarkedLateOnce() {
        deployments.upsert("paused", new DeploymentSpec("paused", "hello", null, null, null, null, List.of(), null,
                true, 0, 0, null));
        FlowRun waiting = start("paused", "{}");
        FlowRun future = service.start("hello", new CreateFlowRun(null, null, START.plusSeconds(60), null), "test").run();
        LateRunMarker marker = new LateRunMarker(runs, transitions, clock, properties);
        clock.advance(Duration.ofSeconds(14));
        marker.runOnce();
        assertThat(service.get(waiting.id()).state().name()).isEqualTo("Scheduled");

        clock.advance(Duration.ofSeconds(2));
        marker.runOnce();
        marker.runOnce();

        FlowRun late = service.get(waiting.id());
        assertThat(late.state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(late.state().name()).isEqualTo(StateNames.LATE);
        assertThat(late.expectedStartTime()).isEqualTo(START);
        assertThat(history(waiting.id())).extracting(State::name).containsExactly("Scheduled", "Late");
        assertThat(service.get(future.id()).state().name()).isEqualTo("Scheduled");
    }

    @Test
    void aWriteBasedOnAStaleReadChangesNothing() {
        FlowRun run = start("hello", "{}");
        StoredRun stale = runs.find(run.id()).orElseThrow();
        dispatcher.runOnce();

        FlowRun next = run.withState(State.of(StateType.CANCELLED, START), START);
        boolean written = runs.transition(stale, next, null, UUID.randomUUID());

        assertThat(written).isFalse();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(history(run.id())).hasSize(2);
    }

    @Test
    void repeatingATransitionIdReturnsTheCurrentStateAndWritesNoHistory() {
        FlowRun run = claimedRun("runner-1");
        UUID transition = UUID.randomUUID();
        Proposal done = Proposal.byRunner(State.completed("file:///r.json", START), 1, "runner-1");

        OrchestrationResult first = transitions.propose(run.id(), done, transition);
        OrchestrationResult repeat = transitions.propose(run.id(), done, transition);

        assertThat(first.status()).isEqualTo(Status.ACCEPT);
        assertThat(repeat.status()).isEqualTo(Status.ACCEPT);
        assertThat(repeat.state().type()).isEqualTo(StateType.COMPLETED);
        assertThat(history(run.id())).extracting(State::type)
                .containsExactly(StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
        assertThat(service.get(run.id()).resultRef()).isEqualTo("file:///r.json");
    }

    @Test
    void anAttemptCanBeReservedForLaunchOnlyOnce() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();

        assertThat(reserve(run, 1)).isTrue();
        assertThat(reserve(run, 1)).isFalse();
        assertThat(reserve(run, 2)).isFalse();
    }

    @Test
    void aReservedLaunchThatNeverStartedIsTakenOverOnceItsLeaseRunsOut() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        assertThat(reserve(run, 1)).isTrue();

        clock.advance(Duration.ofSeconds(29));
        assertThat(reserve(run, 1)).as("still within the first reservation's lease").isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(runs.reservedWithoutStart(run.id(), 1)).isTrue();
        assertThat(reserve(run, 1)).as("the reserver died before starting anything").isTrue();

        runs.recordLaunch(run.id(), 1, "fake:1", clock.instant());
        clock.advance(Duration.ofMinutes(5));
        assertThat(reserve(run, 1)).as("a started launch is never taken over").isFalse();
    }

    @Test
    void aLaunchThatTakesOverADeadReservationTellsTheLauncherSo() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<LaunchRequest> launched = new ArrayList<>();
        assertThat(reserve(run, 1)).as("a control plane that dies before recording its launch").isTrue();
        clock.advance(Duration.ofSeconds(31));

        launchHandler(recordingLauncher(launched, null)).launch(run.id(), 1);

        assertThat(launched).singleElement().satisfies(request -> assertThat(request.takesOver()).isTrue());
    }

    @Test
    void aLaunchWhoseAnswerWasLostKeepsItsReservationAndItsSuccessorLooksFirst() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<LaunchRequest> launched = new ArrayList<>();
        boolean[] lost = {true};
        LaunchHandler handler = launchHandler(FakeLauncher.launchers(request -> {
            if (lost[0]) {
                lost[0] = false;
                throw new LaunchUnavailableException(StateNames.INFRASTRUCTURE_PENDING, "no answer", Duration.ofSeconds(5),
                        null, true);
            }
            launched.add(request);
            return "fake:1";
        }));

        assertThat(handler.launch(run.id(), 1)).isTrue();
        assertThat(runs.reservedWithoutStart(run.id(), 1)).as("still reserved").isTrue();
        assertThat(outbox.due(clock.instant().plusSeconds(30), 10)).as("not before the lease runs out").isEmpty();
        clock.advance(Duration.ofSeconds(32));
        assertThat(outbox.due(clock.instant(), 10)).singleElement().satisfies(dispatch -> handler.launch(dispatch.flowRunId(),
                dispatch.attempt()));

        assertThat(launched).singleElement().satisfies(request -> assertThat(request.takesOver()).isTrue());
    }

    @Test
    void aDispatchSentButNeverLaunchedIsSentAgainAndThenLaunchedOnce() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<OutboxStore.Dispatch> lost = new ArrayList<>();
        new OutboxDrainer(outbox, outboxLane(lost::add), clock, properties).runOnce();
        assertThat(lost).hasSize(1);

        List<LaunchRequest> launched = new ArrayList<>();
        LaunchHandler handler = launchHandler(recordingLauncher(launched, null));
        OutboxDrainer drainer = new OutboxDrainer(outbox, outboxLane(d -> handler.launch(d.flowRunId(), d.attempt())), clock,
                properties);
        drainer.runOnce();
        assertThat(launched).as("not sent again before redeliver-after").isEmpty();

        clock.advance(Duration.ofSeconds(31));
        drainer.runOnce();
        clock.advance(Duration.ofSeconds(31));
        drainer.runOnce();

        assertThat(launched).singleElement().extracting(LaunchRequest::attempt).isEqualTo(1);
        assertThat(outbox.due(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void anAttemptReservedByAControlPlaneThatDiedIsLaunchedWhenItsDispatchComesAgain() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        assertThat(reserve(run, 1)).as("the old control plane reserved, then died before starting a runner").isTrue();

        List<LaunchRequest> launched = new ArrayList<>();
        LaunchHandler handler = launchHandler(recordingLauncher(launched, null));
        OutboxDrainer drainer = new OutboxDrainer(outbox, outboxLane(d -> handler.launch(d.flowRunId(), d.attempt())), clock,
                properties);
        drainer.runOnce();
        assertThat(launched).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        drainer.runOnce();

        assertThat(launched).singleElement().extracting(LaunchRequest::attempt).isEqualTo(1);
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(outbox.due(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aHeartbeatAfterTheDetectorLookedWinsOverItsVerdict() {
        FlowRun run = claimedRun("runner-1");
        clock.advance(Duration.ofSeconds(45));
        StoredRun seen = runs.findWithoutHeartbeatSince(clock.instant().minusSeconds(30), 10).getFirst();
        runs.heartbeat(run.id(), 1, clock.instant());

        OrchestrationResult verdict = transitions.proposeVerdict(seen, State.of(StateType.CRASHED, "silent", clock.instant()));

        assertThat(verdict.status()).isEqualTo(Status.REJECT);
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.RUNNING);
    }

    @Test
    void aWriteReadBeforeTheLastHeartbeatChangesNothing() {
        FlowRun run = claimedRun("runner-1");
        StoredRun before = runs.find(run.id()).orElseThrow();
        runs.heartbeat(run.id(), 1, clock.instant().plusSeconds(1));

        boolean written = runs.transition(before, run.withState(State.of(StateType.CRASHED, START), START), null,
                UUID.randomUUID());

        assertThat(written).isFalse();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.RUNNING);
    }

    @Test
    void aHeartbeatForARunThatEndedRecordsNothing() {
        FlowRun run = claimedRun("runner-1");
        transitions.propose(run.id(), Proposal.byRunner(State.completed("file:///r.json", START), 1, "runner-1"),
                UUID.randomUUID());

        assertThat(runs.heartbeat(run.id(), 1, clock.instant().plusSeconds(1))).isFalse();
        assertThat(runs.find(run.id()).orElseThrow().lastHeartbeat()).isNull();
    }

    @Test
    void onlyTheCurrentAttemptOfARunUnderWayCanBeLockedForItsReports() {
        FlowRun run = claimedRun("runner-1");
        assertThat(runs.lockIfUnderWay(run.id(), 1)).isTrue();
        assertThat(runs.lockIfUnderWay(run.id(), 2)).as("an attempt not dispatched").isFalse();

        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.FAILED, "boom", START), 1, "runner-1"),
                UUID.randomUUID());

        assertThat(runs.lockIfUnderWay(run.id(), 1)).as("the run ended").isFalse();
    }

    @Test
    void aClaimAfterTheDetectorLookedWinsOverItsNeverClaimedVerdict() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        launchHandler(recordingLauncher(new ArrayList<>(), null)).launch(run.id(), 1);
        clock.advance(Duration.ofSeconds(121));
        StoredRun seen = runs.findLaunchedUnclaimedSince(clock.instant().minusSeconds(120), 10).getFirst();
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, clock.instant()), 1, "runner-1"),
                UUID.randomUUID());

        OrchestrationResult verdict = transitions.proposeVerdict(seen,
                State.of(StateType.CRASHED, "never claimed", clock.instant()));

        assertThat(verdict.status()).isEqualTo(Status.REJECT);
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.RUNNING);
    }

    @Test
    void afterAnOutageLongerThanTheHeartbeatTimeoutWorkingRunsAreNotCrashed() {
        FlowRun working = claimedRun("runner-1");
        FlowRun dead = claimedRun("runner-2");
        clock.advance(Duration.ofMinutes(10));
        CrashDetector restarted = new CrashDetector(runs, transitions, clock, properties);

        restarted.runOnce();
        clock.advance(Duration.ofSeconds(5));
        runs.heartbeat(working.id(), 1, clock.instant());
        clock.advance(Duration.ofSeconds(26));
        restarted.runOnce();

        assertThat(service.get(working.id()).state().type()).isEqualTo(StateType.RUNNING);
        assertThat(service.get(dead.id()).state().type()).isEqualTo(StateType.CRASHED);
    }

    @Test
    void aRunDueWhileNobodyDispatchedIsMarkedLateWhenItIsDispatched() {
        FlowRun run = start("hello", "{}");
        clock.advance(Duration.ofMinutes(5));

        dispatcher.runOnce();

        assertThat(history(run.id())).extracting(State::type, State::name).containsExactly(
                tuple(StateType.SCHEDULED, "Scheduled"), tuple(StateType.SCHEDULED, StateNames.LATE),
                tuple(StateType.PENDING, "Pending"));
    }

    @Test
    void aRunDispatchedOnTimeIsNotLate() {
        FlowRun run = start("hello", "{}");
        clock.advance(Duration.ofSeconds(14));

        dispatcher.runOnce();

        assertThat(history(run.id())).extracting(State::name).containsExactly("Scheduled", "Pending");
    }

    @Test
    void ofEightRunnersClaimingEachOfAThousandRunsExactlyOneWinsEach() throws Exception {
        int runners = 8;
        List<FlowRun> started = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            started.add(start("hello", "{}"));
        }
        while (!runs.findDue(clock.instant(), clock.instant(), 1).isEmpty()) {
            dispatcher.runOnce();
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(runners)) {
            for (FlowRun run : started) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<OrchestrationResult>> answers = new ArrayList<>();
                for (int i = 0; i < runners; i++) {
                    String claimant = "runner-" + i;
                    answers.add(pool.submit(() -> {
                        go.await();
                        return transitions.propose(run.id(),
                                Proposal.byRunner(State.of(StateType.RUNNING, START), 1, claimant), UUID.randomUUID());
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<OrchestrationResult> answer : answers) {
                    winners += answer.get().status() == Status.ACCEPT ? 1 : 0;
                }
                assertThat(winners).as("claims accepted for run %s", run.id()).isEqualTo(1);
            }
        }
        for (FlowRun run : started) {
            assertThat(history(run.id())).extracting(State::type)
                    .containsExactly(StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING);
        }
    }

    @Test
    void aRunWhoseHeartbeatsStopIsCrashedAfterTheTimeout() {
        FlowRun run = claimedRun("runner-1");
        clock.advance(Duration.ofSeconds(20));
        runs.heartbeat(run.id(), 1, clock.instant());
        clock.advance(Duration.ofSeconds(20));
        crashDetector.runOnce();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.RUNNING);

        clock.advance(Duration.ofSeconds(11));
        crashDetector.runOnce();

        FlowRun crashed = service.get(run.id());
        assertThat(crashed.state().type()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).contains("no heartbeat");
        assertThat(crashed.endTime()).isEqualTo(clock.instant());
    }

    @Test
    void aPendingRunThatNoRunnerClaimsIsCrashedAfterTheLaunchTimeout() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        clock.advance(Duration.ofMinutes(10));
        crashDetector.runOnce();
        assertThat(service.get(run.id()).state().type()).as("no runner was started yet").isEqualTo(StateType.PENDING);
        launchHandler(recordingLauncher(new ArrayList<>(), null)).launch(run.id(), 1);
        clock.advance(Duration.ofSeconds(119));
        crashDetector.runOnce();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.PENDING);

        clock.advance(Duration.ofSeconds(2));
        crashDetector.runOnce();

        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.CRASHED);
        assertThat(service.get(run.id()).state().message()).contains("never claimed");
    }

    @Test
    void aFailedRunWithRetriesLeftIsDispatchedAgainAfterTheDelay() {
        deploy("flaky", 1);
        FlowRun run = start("flaky", "{}");
        dispatcher.runOnce();
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 1, "r1"), null);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.FAILED, "boom", START), 1, "r1"), null);

        assertThat(service.get(run.id()).state().name()).isEqualTo(StateNames.AWAITING_RETRY);
        dispatcher.runOnce();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.SCHEDULED);

        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        FlowRun second = service.get(run.id());
        assertThat(second.state().type()).isEqualTo(StateType.PENDING);
        assertThat(second.runCount()).isEqualTo(2);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 2, "r2"), null);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.FAILED, "boom again", START), 2, "r2"), null);
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.FAILED);
        assertThat(service.get(run.id()).state().message()).isEqualTo("boom again");
    }

    @Test
    void runsAreListedNewestFirstWithFiltersAndPaging() {
        deploy("etl", 0);
        FlowRun a = start("hello", "{}");
        clock.advance(Duration.ofSeconds(1));
        FlowRun b = start("etl", "{}");
        clock.advance(Duration.ofSeconds(1));
        FlowRun c = start("hello", "{}");
        service.cancel(c.id());

        assertThat(service.list(all()).items()).extracting(FlowRun::id).containsExactly(c.id(), b.id(), a.id());
        assertThat(service.list(new RunFilter(Set.of(), "hello", null, null, 0, 50)).items())
                .extracting(FlowRun::id).containsExactly(c.id(), a.id());
        assertThat(service.list(new RunFilter(Set.of(StateType.CANCELLED), null, null, null, 0, 50)).items())
                .extracting(FlowRun::id).containsExactly(c.id());
        assertThat(service.list(new RunFilter(Set.of(), null, START.plusSeconds(1), START.plusSeconds(2), 0, 50)).items())
                .extracting(FlowRun::id).containsExactly(b.id());
        Page<FlowRun> page = service.list(new RunFilter(Set.of(), null, null, null, 1, 1));
        assertThat(page.items()).extracting(FlowRun::id).containsExactly(b.id());
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void logsComeBackInTheOrderTheyWereWritten() {
        FlowRun run = start("hello", "{}");
        runLogs.append(run.id(), List.of(new LogEntry(START, "INFO", "flow", "one", null),
                new LogEntry(START, "INFO", "flow", "two", null)));
        runLogs.append(run.id(), List.of(new LogEntry(START, "ERROR", "flow", "three\n\tat stack", null)));

        assertThat(service.logs(run.id(), 0, 100).items()).extracting(LogEntry::message)
                .containsExactly("one", "two", "three\n\tat stack");
        Page<LogEntry> rest = service.logs(run.id(), 2, 100);
        assertThat(rest.items()).extracting(LogEntry::level).containsExactly("ERROR");
        assertThat(rest.total()).isEqualTo(3);
    }

    @Test
    void eachTaskRunKeepsItsLatestReportedState() {
        FlowRun run = start("hello", "{}");
        UUID task = UUID.randomUUID();
        taskRuns.apply(run.id(), List.of(new TaskRunReport(task, "extract", 0, StateType.RUNNING, null, null, 1, START)));
        taskRuns.apply(run.id(), List.of(
                new TaskRunReport(task, "extract", 0, StateType.COMPLETED, null, null, 1, START.plusSeconds(2)),
                new TaskRunReport(task, "extract", 0, StateType.RUNNING, null, null, 1, START.plusSeconds(1))));

        assertThat(service.taskRuns(run.id(), 0, 100).items()).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo(StateType.COMPLETED);
            assertThat(t.name()).isEqualTo("Completed");
        });
    }

    @Test
    void aDispatchDeliveredTwiceLaunchesTheAttemptOnce() throws Exception {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<LaunchRequest> launched = java.util.Collections.synchronizedList(new ArrayList<>());
        LaunchHandler handler = launchHandler(recordingLauncher(launched, null));

        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                deliveries.add(pool.submit(() -> handler.launch(run.id(), 1)));
            }
            for (Future<?> delivery : deliveries) {
                delivery.get();
            }
        }

        assertThat(launched).singleElement().satisfies(request -> {
            assertThat(request.attempt()).isEqualTo(1);
            assertThat(request.runToken()).startsWith("rwr_" + run.id() + ".1.");
        });
        assertThat(service.get(run.id()).infrastructureId()).isEqualTo("fake:1");
    }

    @Test
    void aDispatchHandedBackToTheOutboxIsNeverClosedByTheTransportThatHadIt() {
        FlowRun early = start("hello", "{}");
        FlowRun late = start("hello", "{}");
        dispatcher.runOnce();
        Instant retry = clock.instant().plusSeconds(30);
        OutboxStore.Dispatch earlySent = outbox.deliverAgainAt(dueOf(early), retry).orElseThrow();
        OutboxStore.Dispatch lateSent = outbox.deliverAgainAt(dueOf(late), retry).orElseThrow();

        // the launcher found no slot before the drainer heard the publish succeed, and after it
        outbox.waitForSlot(early.id(), 1, retry);
        outbox.closeSent(earlySent, clock.instant());
        outbox.closeSent(lateSent, clock.instant());
        outbox.waitForSlot(late.id(), 1, retry);

        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxStore.Dispatch::flowRunId)
                .containsExactlyInAnyOrder(early.id(), late.id());
    }

    @Test
    void anOutboxRowThatCannotBeSentDoesNotHoldBackTheOthers() {
        FlowRun first = start("hello", "{}");
        FlowRun second = start("hello", "{}");
        dispatcher.runOnce();
        List<UUID> sent = new ArrayList<>();
        OutboxDrainer drainer = new OutboxDrainer(outbox, outboxLane(dispatch -> {
            if (dispatch.flowRunId().equals(first.id())) {
                throw new IllegalStateException("transport unavailable");
            }
            sent.add(dispatch.flowRunId());
        }), clock, properties);

        drainer.runOnce();

        assertThat(sent).containsExactly(second.id());
        clock.advance(Duration.ofSeconds(31));
        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxStore.Dispatch::flowRunId)
                .as("both stay open until launched").containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void aDispatchTheTransportTookIsClosedAtOnceAndOneItCouldNotTakeIsSentAgain() {
        FlowRun refused = start("hello", "{}");
        FlowRun taken = start("hello", "{}");
        dispatcher.runOnce();
        List<UUID> sent = new ArrayList<>();
        OutboxDrainer drainer = new OutboxDrainer(outbox, dispatch -> {
            sent.add(dispatch.flowRunId());
            return dispatch.flowRunId().equals(refused.id())
                    ? CompletableFuture.failedFuture(new IllegalStateException("publish failed"))
                    : CompletableFuture.completedFuture(Redelivery.BY_TRANSPORT);
        }, clock, properties);

        drainer.runOnce();
        clock.advance(Duration.ofSeconds(31));
        drainer.runOnce();

        assertThat(sent).as("the taken one is never sent again; the refused one is, after redeliver-after")
                .containsExactlyInAnyOrder(refused.id(), taken.id(), refused.id());
        assertThat(service.get(taken.id()).state().type()).as("closed before any launch").isEqualTo(StateType.PENDING);
    }

    @Test
    void anUnavailableInfrastructureLeavesTheRunWaitingAndItsDispatchIsDeliveredAgainUntilItLaunches() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        int[] unavailableFor = {2};
        List<LaunchRequest> launched = new ArrayList<>();
        LaunchHandler handler = launchHandler(FakeLauncher.launchers(request -> {
            if (unavailableFor[0]-- > 0) {
                throw new LaunchUnavailableException("quota exceeded", Duration.ofSeconds(30), null);
            }
            launched.add(request);
            return "fake:1";
        }));
        List<Boolean> answers = new ArrayList<>();
        OutboxDrainer drainer = new OutboxDrainer(outbox, outboxLane(d -> answers.add(handler.launch(d.flowRunId(),
                d.attempt()))), clock, properties);

        drainer.runOnce();
        FlowRun waiting = service.get(run.id());
        assertThat(waiting.state().type()).isEqualTo(StateType.PENDING);
        assertThat(waiting.state().name()).isEqualTo(StateNames.INFRASTRUCTURE_PENDING);
        assertThat(waiting.state().message()).contains("quota exceeded");
        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofSeconds(31));
            drainer.runOnce();
        }

        assertThat(answers).as("the outbox, not the transport, delivers it again").containsExactly(true, true, true);
        assertThat(launched).singleElement().extracting(LaunchRequest::attempt).isEqualTo(1);
        assertThat(history(run.id())).extracting(State::type).doesNotContain(StateType.CRASHED);
        assertThat(outbox.due(clock.instant().plus(Duration.ofDays(1)), 10)).isEmpty();
    }

    @Test
    void aRunnerThatCannotBeStartedCrashesTheRunWithTheReason() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();

        launchHandler(recordingLauncher(new ArrayList<>(), "no such jar")).launch(run.id(), 1);

        FlowRun crashed = service.get(run.id());
        assertThat(crashed.state().type()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).isEqualTo("could not start the runner: no such jar");
    }

    @Test
    void aRunnerThatExitsBeforeReportingCrashesTheRunSayingHow() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<Launcher.ExitListener> exits = new ArrayList<>();
        launchHandler(FakeLauncher.launchers((LaunchRequest request, Launcher.ExitListener onExit) -> {
            exits.add(onExit);
            return "fake:1";
        })).launch(run.id(), 1);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 1, "r1"), null);

        exits.getFirst().exited("fake:1", "process was killed (exit code 137, signal 9)");

        FlowRun crashed = service.get(run.id());
        assertThat(crashed.state().type()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).contains("before reporting a final state").contains("killed");
    }

    @Test
    void theLimitsCheckedBeforeWritingAreTheColumnSizes() {
        Map<String, Integer> limits = Map.ofEntries(Map.entry("deployments.flow_name", Limits.FLOW_NAME),
                Map.entry("flow_runs.flow_name", Limits.FLOW_NAME), Map.entry("deployments.version", Limits.VERSION),
                Map.entry("deployments.work_pool", Limits.WORK_POOL), Map.entry("flow_runs.name", Limits.RUN_NAME),
                Map.entry("flow_runs.idempotency_key", Limits.IDEMPOTENCY_KEY), Map.entry("logs.level", Limits.LOG_LEVEL),
                Map.entry("logs.logger", Limits.LOGGER), Map.entry("flow_runs.state_name", Limits.STATE_NAME),
                Map.entry("flow_run_states.name", Limits.STATE_NAME), Map.entry("task_runs.state_name", Limits.STATE_NAME),
                Map.entry("flow_runs.claimant", Limits.CLAIMANT), Map.entry("task_runs.task_key", Limits.TASK_KEY));
        limits.forEach((column, limit) -> {
            String[] tableAndColumn = column.split("\\.");
            Integer size = JdbcClient.create(pool).sql("""
                            select character_maximum_length from information_schema.columns
                            where lower(table_schema) = lower(current_schema) and lower(table_name) = ?
                              and lower(column_name) = ?""")
                    .params(tableAndColumn[0], tableAndColumn[1]).query(Integer.class).single();
            assertThat(size).as(column).isEqualTo(limit);
        });
    }

    @Test
    void anIdempotencyKeyAnswersItsRunAgainOnlyForTheSameRequest() {
        var first = service.start("hello", keyed("{\"name\":\"Ada\",\"times\":2}", null, "nightly-1"), "test");
        var again = service.start("hello", keyed("{\"times\":2,\"name\":\"Ada\"}", null, "nightly-1"), "test");

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.run().id()).isEqualTo(first.run().id());
        assertThatThrownBy(() -> service.start("hello", keyed("{\"name\":\"Bob\",\"times\":2}", null, "nightly-1"), "test"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("nightly-1").hasMessageContaining(first.run().id().toString());
        assertThatThrownBy(() -> service.start("hello", keyed("{\"name\":\"Ada\",\"times\":2}", "renamed", "nightly-1"), "test"))
                .isInstanceOf(ConflictException.class);
        assertThat(service.list(all()).total()).isEqualTo(1);
    }

    @Test
    void aDeletedDeploymentsFinishedRunsStayUnderItsNameAndCannotBeRetried() {
        FlowRun cancelled = service.start("hello", keyed("{}", null, "nightly-1"), "test").run();
        service.cancel(cancelled.id());
        FlowRun crashed = claimedRun("runner-1");
        transitions.proposeVerdict(runs.find(crashed.id()).orElseThrow(), State.of(StateType.CRASHED, clock.instant()));
        runLogs.append(crashed.id(), lines("line", 2));

        int kept = deployments.delete("hello");

        assertThat(kept).isEqualTo(2);
        assertThatThrownBy(() -> deployments.get("hello")).isInstanceOf(NotFoundException.class);
        assertThat(service.list(new RunFilter(Set.of(), "hello", null, null, 0, 50)).items())
                .extracting(FlowRun::id, FlowRun::deploymentName, FlowRun::deploymentId)
                .containsExactlyInAnyOrder(tuple(cancelled.id(), "hello", null), tuple(crashed.id(), "hello", null));
        assertThat(service.logs(crashed.id(), 0, 10).items()).extracting(LogEntry::message).containsExactly("line0", "line1");
        assertThat(history(crashed.id())).extracting(State::type).endsWith(StateType.RUNNING, StateType.CRASHED);
        assertThatThrownBy(() -> service.retry(cancelled.id())).isInstanceOf(ConflictException.class)
                .hasMessageContaining("deployment 'hello' was deleted");
        assertThatThrownBy(() -> service.start("hello", null, "test")).isInstanceOf(NotFoundException.class);

        deploy("hello", 0);
        var again = service.start("hello", keyed("{}", null, "nightly-1"), "test");
        assertThat(again.created()).as("the new deployment's own idempotency keys").isTrue();
        assertThat(again.run().deploymentId()).isEqualTo(deployments.get("hello").id());
    }

    @Test
    void aDeploymentWithRunsThatDidNotFinishIsNotDeleted() {
        FlowRun running = claimedRun("runner-1");
        FlowRun due = start("hello", "{}");
        FlowRun later = service.start("hello", new CreateFlowRun(null, null, START.plus(Duration.ofDays(1)), null),
                "test").run();

        assertThatThrownBy(() -> deployments.delete("hello")).isInstanceOf(ConflictException.class)
                .hasMessage("deployment 'hello' has 3 runs that did not finish (2 SCHEDULED, 1 RUNNING): cancel them"
                        + " or let them finish, then delete it");

        assertThat(deployments.get("hello").spec().flowName()).isEqualTo("hello");
        for (FlowRun run : List.of(running, due, later)) {
            assertThat(service.get(run.id()).deploymentId()).isEqualTo(deployments.get("hello").id());
        }
        service.cancel(due.id());
        service.cancel(later.id());
        transitions.propose(running.id(), Proposal.byRunner(State.completed("file:///r.json", clock.instant()), 1,
                "runner-1"), UUID.randomUUID());
        assertThat(deployments.delete("hello")).isEqualTo(3);
    }

    @Test
    void aRetryCheckedBeforeItsDeploymentWasDeletedIsRefused() {
        FlowRun run = start("hello", "{}");
        service.cancel(run.id());
        StoredRun checked = runs.find(run.id()).orElseThrow();

        deployments.delete("hello");
        OrchestrationResult retry = transitions.propose(run.id(), Proposal.retryByUser(
                State.of(StateType.SCHEDULED, clock.instant()), new Observed(checked.version(), checked.lastHeartbeat())),
                null);

        assertThat(retry.status()).isEqualTo(Status.REJECT);
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.CANCELLED);
    }

    @Test
    void deletingAnUnknownDeploymentIsNotFound() {
        assertThatThrownBy(() -> deployments.delete("nope")).isInstanceOf(NotFoundException.class)
                .hasMessage("no deployment named 'nope'");
    }

    @Test
    void runListingsLeaveOutTheParametersThatTheRunItselfHas() {
        FlowRun run = start("hello", "{\"name\":\"Ada\"}");

        assertThat(service.list(all()).items()).singleElement().satisfies(listed -> {
            assertThat(listed.id()).isEqualTo(run.id());
            assertThat(listed.parameters()).isNull();
        });
        assertThat(service.get(run.id()).parameters()).isEqualTo(json("{\"name\":\"Ada\",\"times\":1}"));
    }

    @Test
    void statesAndDeploymentsAreListedInPagesWithTheirTotal() {
        FlowRun run = claimedRun("runner-1");
        deploy("alpha", 0);
        deploy("beta", 0);

        Page<State> states = service.history(run.id(), 1, 1);
        assertThat(states.items()).extracting(State::type).containsExactly(StateType.PENDING);
        assertThat(states.total()).isEqualTo(3);
        Page<Deployment> page = deployments.list(1, 1);
        assertThat(page.items()).extracting(d -> d.spec().name()).containsExactly("beta");
        assertThat(page.total()).isEqualTo(3);
    }

    @Test
    void logLinesPastTheCapAreLeftOutAfterOneNoticeLine() {
        FlowRun run = start("hello", "{}");
        runLogs.append(run.id(), lines("a", 3));
        runLogs.append(run.id(), lines("b", 4));
        runLogs.append(run.id(), lines("c", 2));

        Page<LogEntry> logged = service.logs(run.id(), 0, 100);
        assertThat(logged.items()).extracting(LogEntry::message).hasSize(MAX_LOG_LINES + 1)
                .startsWith("a0", "a1", "a2", "b0", "b1");
        assertThat(logged.items().getLast().message())
                .contains("limit of " + MAX_LOG_LINES + " log lines").contains("further lines are left out");
        assertThat(logged.total()).isEqualTo(MAX_LOG_LINES + 1);
    }

    @Test
    void aLogLineTheColumnsCannotHoldAsSentIsStoredCutToFit() {
        FlowRun run = start("hello", "{}");

        runLogs.append(run.id(), List.of(new LogEntry(START, "INFORMATIONAL", "l".repeat(400), "a\0b", null)));

        assertThat(service.logs(run.id(), 0, 10).items()).singleElement().satisfies(line -> {
            assertThat(line.level()).isEqualTo("INFORMATIO");
            assertThat(line.logger()).hasSize(Limits.LOGGER);
            assertThat(line.message()).isEqualTo("a\uFFFDb");
        });
    }

    @Test
    void finishedRunsPastTheirRetentionAreDeletedWithEverythingTheyOwn() {
        List<FlowRun> old = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            FlowRun run = start("hello", "{}");
            dispatcher.runOnce();
            runLogs.append(run.id(), lines("line", 4));
            taskRuns.apply(run.id(), List.of(new TaskRunReport(UUID.randomUUID(), "extract", 0, StateType.COMPLETED,
                    null, null, 1, START)));
            service.cancel(run.id());
            old.add(run);
        }
        clock.advance(Duration.ofDays(2));
        FlowRun recent = start("hello", "{}");
        service.cancel(recent.id());
        FlowRun waiting = service.start("hello", new CreateFlowRun(null, null, START.plus(Duration.ofDays(90)), null),
                "test").run();
        clock.advance(Duration.ofDays(29));

        new RetentionPruner(runs, taskRuns, logs, outbox, clock, properties).runOnce();

        for (FlowRun gone : old) {
            assertThatThrownBy(() -> service.get(gone.id())).isInstanceOf(NotFoundException.class);
            for (String table : List.of("logs", "task_runs", "flow_run_states", "outbox")) {
                assertThat(rows(table, gone.id())).as(table).isZero();
            }
        }
        assertThat(history(recent.id())).extracting(State::type).containsExactly(StateType.SCHEDULED, StateType.CANCELLED);
        assertThat(service.get(waiting.id()).state().type()).isEqualTo(StateType.SCHEDULED);
    }

    @Test
    void aZeroRetentionKeepsFinishedRunsForEver() {
        FlowRun run = start("hello", "{}");
        service.cancel(run.id());
        clock.advance(Duration.ofDays(3650));

        new RetentionPruner(runs, taskRuns, logs, outbox, clock, settings(Map.of(
                "runway.retention.finished-runs", "0s", "runway.retention.dispatched-outbox", "0s"))).runOnce();

        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.CANCELLED);
    }

    @Test
    void dispatchedOutboxRowsPastTheirRetentionAreDeletedAndWaitingOnesKept() {
        FlowRun sent = start("hello", "{}");
        dispatcher.runOnce();
        outbox.close(sent.id(), 1, clock.instant());
        clock.advance(Duration.ofDays(1).plusSeconds(1));
        FlowRun waiting = start("hello", "{}");
        dispatcher.runOnce();

        new RetentionPruner(runs, taskRuns, logs, outbox, clock, properties).runOnce();

        assertThat(rows("outbox", sent.id())).isZero();
        assertThat(outbox.due(clock.instant(), 10)).extracting(OutboxStore.Dispatch::flowRunId).containsExactly(waiting.id());
        assertThat(service.get(sent.id()).state().type()).isEqualTo(StateType.PENDING);
    }

    private OutboxStore.Dispatch dueOf(FlowRun run) {
        return outbox.due(clock.instant(), 100).stream().filter(d -> d.flowRunId().equals(run.id())).findFirst()
                .orElseThrow();
    }

    /** A transport that leaves redelivery to the outbox, as the in-process one does. */
    private static DispatchTransport outboxLane(Consumer<OutboxStore.Dispatch> deliver) {
        return dispatch -> {
            deliver.accept(dispatch);
            return CompletableFuture.completedFuture(Redelivery.BY_OUTBOX);
        };
    }

    private LaunchHandler launchHandler(Launchers launchers) {
        return new LaunchHandler(runs, outbox, transitions, slots, launchers, pools, new RunTokens(properties), clock,
                properties);
    }

    private boolean reserve(FlowRun run, int attempt) {
        return runs.reserveLaunch(run.id(), attempt, clock.instant(), clock.instant().minusSeconds(30));
    }

    /** Records launches; fails each with {@code failure} when it is set. */
    private static Launchers recordingLauncher(List<LaunchRequest> launched, String failure) {
        return FakeLauncher.launchers(request -> {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            launched.add(request);
            return "fake:" + launched.size();
        });
    }

    private FlowRun claimedRun(String claimant) {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        OrchestrationResult claim = transitions.propose(run.id(),
                Proposal.byRunner(State.of(StateType.RUNNING, clock.instant()), 1, claimant), UUID.randomUUID());
        assertThat(claim.status()).isEqualTo(Status.ACCEPT);
        return service.get(run.id());
    }

    private FlowRun start(String deployment, String parameters) {
        return service.start(deployment, new CreateFlowRun((ObjectNode) json(parameters), null, null, null), "test").run();
    }

    private void deploy(String name, int retries) {
        deployments.upsert(name, spec(name, retries));
    }

    private static DeploymentSpec spec(String name, int retries) {
        return new DeploymentSpec(name, "hello", "says hello", "1", (ObjectNode) json("{\"times\":1}"), schema(),
                List.of("example"), null, false, retries, 10, null);
    }

    private static DeploymentSpec withJobVariables(DeploymentSpec spec, String jobVariables) {
        return new DeploymentSpec(spec.name(), spec.flowName(), spec.description(), spec.version(), spec.parameters(),
                spec.parameterSchema(), spec.tags(), spec.workPool(), spec.paused(), spec.retries(),
                spec.retryDelaySeconds(), (ObjectNode) json(jobVariables));
    }

    private static ObjectNode schema() {
        return (ObjectNode) json("""
                {"type":"object","properties":{"name":{"type":"string"},"times":{"type":"integer"}},
                 "additionalProperties":false}""");
    }

    private static CreateFlowRun keyed(String parameters, String name, String idempotencyKey) {
        return new CreateFlowRun((ObjectNode) json(parameters), name, null, idempotencyKey);
    }

    private static List<LogEntry> lines(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new LogEntry(START, "INFO", "flow", prefix + i, null)).toList();
    }

    private long rows(String table, UUID runId) {
        return JdbcClient.create(pool).sql("select count(*) from " + table + " where flow_run_id = ?").param(runId)
                .query(Long.class).single();
    }

    /** The settings of these tests, and {@code more}. */
    private RunwayProperties settings(Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of("runway.loops.enabled", "false",
                "runway.launcher.runner-jar", home.resolve("runner.jar").toString(),
                "runway.deployments.register-on-start", "false",
                "runway.logs.max-lines-per-run", Integer.toString(MAX_LOG_LINES),
                "runway.retention.batch-size", "3"));
        settings.putAll(more);
        return RunwaySettings.bind(home, settings);
    }

    private List<State> history(UUID runId) {
        return service.history(runId, 0, 500).items();
    }

    private static RunFilter all() {
        return new RunFilter(Set.of(), null, null, null, 0, 50);
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
