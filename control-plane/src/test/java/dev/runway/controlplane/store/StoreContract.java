package dev.runway.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.crashes.CrashDetector;
import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.dispatch.LateRunMarker;
import dev.runway.controlplane.dispatch.OutboxDrainer;
import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.Launcher;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.model.CreateFlowRun;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;
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
    private Transitions transitions;
    private FlowRunService service;
    private Dispatcher dispatcher;
    private CrashDetector crashDetector;
    private RunwayProperties properties;

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
        properties = new RunwayProperties(home, null, new RunwayProperties.Auth(null, null),
                new RunwayProperties.Loops(false), new RunwayProperties.Dispatch(Duration.ofSeconds(1), 100, Duration.ofSeconds(15)),
                new RunwayProperties.Crash(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(5)),
                new RunwayProperties.Launcher(home.resolve("runner.jar"), null, List.of(), 5),
                new RunwayProperties.Deployments(false), new RunwayProperties.Logs(100_000),
                new RunwayProperties.Results(10_485_760));
        deployments = new DeploymentService(new DeploymentStore(jdbc, clock));
        runs = new FlowRunStore(jdbc);
        outbox = new OutboxStore(jdbc);
        logs = new LogStore(new JdbcTemplate(pool));
        taskRuns = new TaskRunStore(jdbc);
        transitions = new Transitions(runs, outbox, new OrchestrationRules(), tx, events::add, clock);
        service = new FlowRunService(deployments, runs, logs, taskRuns, transitions,
                new LocalFolderResultStore(home.resolve("results")), tx, events::add, clock);
        dispatcher = new Dispatcher(runs, transitions, clock, properties);
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
        var first = deployments.upsert("etl", spec("etl", 0));
        clock.advance(Duration.ofMinutes(1));
        var second = deployments.upsert("etl", spec("etl", 0));
        var third = deployments.upsert("etl", spec("etl", 2));

        assertThat(first.change()).isEqualTo(UpsertOutcome.Change.CREATED);
        assertThat(second.change()).isEqualTo(UpsertOutcome.Change.UNCHANGED);
        assertThat(second.deployment().updatedAt()).isEqualTo(first.deployment().updatedAt());
        assertThat(third.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(deployments.get("etl").retries()).isEqualTo(2);
        assertThat(deployments.get("etl").parameterSchema()).isEqualTo(schema());
    }

    @Test
    void aStartedRunIsStoredWithMergedParametersAndItsFirstState() {
        FlowRun run = start("hello", "{\"name\":\"Ada\"}");

        FlowRun stored = service.get(run.id());
        assertThat(stored.parameters()).isEqualTo(json("{\"name\":\"Ada\",\"times\":1}"));
        assertThat(stored.state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(stored.expectedStartTime()).isEqualTo(START);
        assertThat(stored.createdAt()).isEqualTo(START);
        assertThat(service.history(run.id())).extracting(State::type).containsExactly(StateType.SCHEDULED);
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
                true, 0, 0));
        FlowRun paused = start("paused", "{}");

        dispatcher.runOnce();

        assertThat(service.get(due.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(service.get(due.id()).runCount()).isEqualTo(1);
        assertThat(service.get(later.id()).state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(service.get(paused.id()).state().type()).isEqualTo(StateType.SCHEDULED);
        assertThat(outbox.undispatched(10)).containsExactly(new OutboxStore.Dispatch(
                outbox.undispatched(10).getFirst().id(), due.id(), 1));
    }

    @Test
    void aRunThatWaitsPastItsStartIsMarkedLateOnce() {
        deployments.upsert("paused", new DeploymentSpec("paused", "hello", null, null, null, null, List.of(), null,
                true, 0, 0));
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
        assertThat(service.history(waiting.id())).extracting(State::name).containsExactly("Scheduled", "Late");
        assertThat(service.get(future.id()).state().name()).isEqualTo("Scheduled");
    }

    @Test
    void aWriteBasedOnAStaleReadChangesNothing() {
        FlowRun run = start("hello", "{}");
        StoredRun stale = runs.find(run.id()).orElseThrow();
        dispatcher.runOnce();

        FlowRun next = new FlowRun(run.id(), run.name(), run.deploymentId(), run.deploymentName(), run.flowName(),
                run.parameters(), State.of(StateType.CANCELLED, START), 0, 0, 0, START, null, START, null, null, null,
                "test", List.of(), START, START);
        boolean written = runs.transition(stale, next, null, UUID.randomUUID());

        assertThat(written).isFalse();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.PENDING);
        assertThat(service.history(run.id())).hasSize(2);
    }

    @Test
    void repeatingATransitionIdReturnsTheCurrentStateAndWritesNoHistory() {
        FlowRun run = claimedRun("runner-1");
        UUID transition = UUID.randomUUID();
        Proposal done = Proposal.byRunner(new State(StateType.COMPLETED, null, null, START, null, "file:///r.json"), 1, "runner-1");

        OrchestrationResult first = transitions.propose(run.id(), done, transition);
        OrchestrationResult repeat = transitions.propose(run.id(), done, transition);

        assertThat(first.status()).isEqualTo(Status.ACCEPT);
        assertThat(repeat.status()).isEqualTo(Status.ACCEPT);
        assertThat(repeat.state().type()).isEqualTo(StateType.COMPLETED);
        assertThat(service.history(run.id())).extracting(State::type)
                .containsExactly(StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING, StateType.COMPLETED);
        assertThat(service.get(run.id()).resultRef()).isEqualTo("file:///r.json");
    }

    @Test
    void ofManyRunnersClaimingTheSameRunAtOnceExactlyOneGetsIt() throws Exception {
        int runners = 8;
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OrchestrationResult>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(runners)) {
            for (int i = 0; i < runners; i++) {
                String claimant = "runner-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 1, claimant),
                            UUID.randomUUID());
                }));
            }
            go.countDown();
            List<Status> statuses = new ArrayList<>();
            for (Future<OrchestrationResult> answer : answers) {
                statuses.add(answer.get().status());
            }
            assertThat(statuses).filteredOn(s -> s == Status.ACCEPT).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == Status.ABORT).hasSize(runners - 1);
        }
        assertThat(service.history(run.id())).extracting(State::type).filteredOn(t -> t == StateType.RUNNING).hasSize(1);
    }

    @Test
    void anAttemptCanBeReservedForLaunchOnlyOnce() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();

        assertThat(runs.reserveLaunch(run.id(), 1)).isTrue();
        assertThat(runs.reserveLaunch(run.id(), 1)).isFalse();
        assertThat(runs.reserveLaunch(run.id(), 2)).isFalse();
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
        transitions.propose(run.id(), Proposal.byRunner(new State(StateType.FAILED, null, "boom", START, null, null), 1, "r1"), null);

        assertThat(service.get(run.id()).state().name()).isEqualTo(StateNames.AWAITING_RETRY);
        dispatcher.runOnce();
        assertThat(service.get(run.id()).state().type()).isEqualTo(StateType.SCHEDULED);

        clock.advance(Duration.ofSeconds(10));
        dispatcher.runOnce();
        FlowRun second = service.get(run.id());
        assertThat(second.state().type()).isEqualTo(StateType.PENDING);
        assertThat(second.runCount()).isEqualTo(2);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 2, "r2"), null);
        transitions.propose(run.id(), Proposal.byRunner(new State(StateType.FAILED, null, "boom again", START, null, null), 2, "r2"), null);
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
        logs.append(run.id(), List.of(new LogEntry(START, "INFO", "flow", "one", null),
                new LogEntry(START, "INFO", "flow", "two", null)));
        logs.append(run.id(), List.of(new LogEntry(START, "ERROR", "flow", "three\n\tat stack", null)));

        assertThat(service.logs(run.id(), 0, 100)).extracting(LogEntry::message).containsExactly("one", "two", "three\n\tat stack");
        assertThat(service.logs(run.id(), 2, 100)).extracting(LogEntry::level).containsExactly("ERROR");
    }

    @Test
    void eachTaskRunKeepsItsLatestReportedState() {
        FlowRun run = start("hello", "{}");
        UUID task = UUID.randomUUID();
        taskRuns.apply(run.id(), List.of(new TaskRunReport(task, "extract", 0, StateType.RUNNING, null, null, 1, START)));
        taskRuns.apply(run.id(), List.of(
                new TaskRunReport(task, "extract", 0, StateType.COMPLETED, null, null, 1, START.plusSeconds(2)),
                new TaskRunReport(task, "extract", 0, StateType.RUNNING, null, null, 1, START.plusSeconds(1))));

        assertThat(service.taskRuns(run.id())).singleElement().satisfies(t -> {
            assertThat(t.type()).isEqualTo(StateType.COMPLETED);
            assertThat(t.name()).isEqualTo("Completed");
        });
    }

    @Test
    void aDispatchDeliveredTwiceLaunchesTheAttemptOnce() throws Exception {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<LaunchRequest> launched = java.util.Collections.synchronizedList(new ArrayList<>());
        LaunchHandler handler = launchHandler(new RecordingLauncher(launched, null));

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
    void anOutboxRowStaysUntilTheTransportHasTakenIt() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<OutboxStore.Dispatch> sent = new ArrayList<>();
        boolean[] transportDown = {true};
        OutboxDrainer drainer = new OutboxDrainer(outbox, dispatch -> {
            if (transportDown[0]) {
                throw new IllegalStateException("transport unavailable");
            }
            sent.add(dispatch);
        }, clock, properties);

        assertThatThrownBy(drainer::runOnce).hasMessageContaining("unavailable");
        assertThat(outbox.undispatched(10)).hasSize(1);

        transportDown[0] = false;
        drainer.runOnce();
        drainer.runOnce();

        assertThat(sent).extracting(OutboxStore.Dispatch::flowRunId).containsExactly(run.id());
        assertThat(outbox.undispatched(10)).isEmpty();
    }

    @Test
    void aRunnerThatCannotBeStartedCrashesTheRunWithTheReason() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();

        launchHandler(new RecordingLauncher(new ArrayList<>(), "no such jar")).launch(run.id(), 1);

        FlowRun crashed = service.get(run.id());
        assertThat(crashed.state().type()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).isEqualTo("could not start the runner: no such jar");
    }

    @Test
    void aRunnerThatExitsBeforeReportingCrashesTheRunSayingHow() {
        FlowRun run = start("hello", "{}");
        dispatcher.runOnce();
        List<Launcher.ExitListener> exits = new ArrayList<>();
        launchHandler(new Launcher() {
            @Override
            public String launch(LaunchRequest request, ExitListener onExit) {
                exits.add(onExit);
                return "fake:1";
            }

            @Override
            public void stop(String infrastructureId) {
            }
        }).launch(run.id(), 1);
        transitions.propose(run.id(), Proposal.byRunner(State.of(StateType.RUNNING, START), 1, "r1"), null);

        exits.getFirst().exited("fake:1", "process was killed (exit code 137, signal 9)");

        FlowRun crashed = service.get(run.id());
        assertThat(crashed.state().type()).isEqualTo(StateType.CRASHED);
        assertThat(crashed.state().message()).contains("before reporting a final state").contains("killed");
    }

    private LaunchHandler launchHandler(Launcher launcher) {
        return new LaunchHandler(runs, transitions, launcher, new RunTokens(properties), clock);
    }

    /** Records launches; fails each with {@code failure} when it is set. */
    private record RecordingLauncher(List<LaunchRequest> launched, String failure) implements Launcher {
        @Override
        public String launch(LaunchRequest request, ExitListener onExit) {
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
            launched.add(request);
            return "fake:" + launched.size();
        }

        @Override
        public void stop(String infrastructureId) {
        }
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
                List.of("example"), null, false, retries, 10);
    }

    private static ObjectNode schema() {
        return (ObjectNode) json("""
                {"type":"object","properties":{"name":{"type":"string"},"times":{"type":"integer"}},
                 "additionalProperties":false}""");
    }

    private static RunFilter all() {
        return new RunFilter(Set.of(), null, null, null, 0, 50);
    }

    private static tools.jackson.databind.JsonNode json(String text) {
        return Json.mapper().readTree(text);
    }
}
