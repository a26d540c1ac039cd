package dev.runway.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.crashes.CrashDetector;
import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.deployments.ParameterSchemaCheck;
import dev.runway.controlplane.deployments.RunnerFlows;
import dev.runway.controlplane.dispatch.DispatchTransport.Redelivery;
import dev.runway.controlplane.dispatch.Dispatcher;
import dev.runway.controlplane.dispatch.OutboxDrainer;
import dev.runway.controlplane.dispatch.OverlapGuard;
import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.FakeLauncher;
import dev.runway.controlplane.launch.RunnerEnvironment;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.loops.BackgroundLoops;
import dev.runway.controlplane.metrics.WorkPoolMetrics;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.FreedSlots;
import dev.runway.controlplane.pools.LaunchSlots;
import dev.runway.controlplane.pools.WorkPoolChanged;
import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.InvalidInputException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.schedules.DeploymentSchedules;
import dev.runway.controlplane.schedules.ScheduleChecks;
import dev.runway.model.CreateFlowRun;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.WorkPool;
import dev.runway.model.WorkPoolSpec;
import dev.runway.model.json.Json;
import dev.runway.model.result.LocalFolderResultStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Work pools on every supported database: the pools themselves, and their concurrency limit and pause as the
 * real stores, transitions, dispatcher, drainer and launch handler apply them.
 */
abstract class WorkPoolContract {

    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path home;

    private TestDatabase database;
    private HikariDataSource pool;
    private final MutableClock clock = new MutableClock(START);
    private final List<LaunchRequest> launched = Collections.synchronizedList(new ArrayList<>());
    private WorkPoolService pools;
    private DeploymentService deployments;
    private FlowRunService service;
    private Transitions transitions;
    private Dispatcher dispatcher;
    private OutboxDrainer drainer;
    private LaunchHandler handler;
    private CrashDetector crashDetector;
    private FreedSlots freedSlots;
    private WorkPoolStore poolStore;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void setUp() {
        database = createDatabase();
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(12);
        pool = new HikariDataSource(config);
        JdbcClient jdbc = JdbcClient.create(pool);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        RunwayProperties properties = RunwaySettings.bind(home, Map.of("runway.loops.enabled", "false",
                "runway.launcher.runner-jar", home.resolve("runner.jar").toString(),
                "runway.deployments.register-on-start", "false", "runway.local-pool.concurrency-limit", "2",
                "runway.logs.max-lines-per-run", "100", "runway.retention.batch-size", "3"));
        FlowRunStore runs = new FlowRunStore(jdbc);
        OutboxStore outbox = new OutboxStore(jdbc);
        poolStore = new WorkPoolStore(jdbc, clock);
        freedSlots = new FreedSlots(outbox, new BackgroundLoops(List.of(), properties));
        // the Spring event bus, as far as these tests need it: freed slots hear of every change
        org.springframework.context.ApplicationEventPublisher events = event -> {
            if (event instanceof FlowRunStateChanged change) {
                freedSlots.on(change);
            } else if (event instanceof WorkPoolChanged change) {
                freedSlots.on(change);
            }
        };
        pools = new WorkPoolService(poolStore, events, tx, properties);
        pools.createDefaultPool();
        Parameters parameters = new Parameters(properties);
        DeploymentStore deploymentStore = new DeploymentStore(jdbc, clock);
        deployments = new DeploymentService(deploymentStore, runs, parameters, new ParameterSchemaCheck(),
                new RunnerFlows(new RunnerJar(properties, new RunnerEnvironment(properties))), pools,
                new DeploymentSchedules(new ScheduleStore(jdbc), deploymentStore, runs, tx, events, clock),
                new ScheduleChecks(parameters, clock), tx);
        transitions = new Transitions(runs, outbox, new OrchestrationRules(), tx, events, clock);
        service = new FlowRunService(deployments, parameters, runs, new LogStore(new org.springframework.jdbc.core.JdbcTemplate(pool)),
                new TaskRunStore(jdbc), transitions, new LocalFolderResultStore(home.resolve("results")), tx, events, clock);
        dispatcher = new Dispatcher(runs, transitions, new OverlapGuard(new ScheduleStore(jdbc), runs, transitions), tx,
                clock, properties, RunwaySettings.schedules(Map.of()));
        crashDetector = new CrashDetector(runs, transitions, clock, properties);
        handler = new LaunchHandler(runs, outbox, transitions, new LaunchSlots(runs, poolStore, tx),
                FakeLauncher.launchers(request -> {
                    launched.add(request);
                    return "fake:" + request.run().id();
                }), poolStore, new RunTokens(properties), clock, properties);
        drainer = new OutboxDrainer(outbox, d -> {
            handler.launch(d.flowRunId(), d.attempt());
            return CompletableFuture.completedFuture(Redelivery.BY_OUTBOX);
        }, clock, properties);
        deployments.upsert("hello", new DeploymentSpec("hello", "hello", null, null, null, null, null, null, null, null, null, null));
    }

    @AfterEach
    void tearDown() {
        pool.close();
        database.drop();
    }

    @Test
    void theDefaultPoolIsCreatedOnceWithTheConfiguredLimitAndKeepsWhatItWasGivenLater() {
        pools.upsert("local", new WorkPoolSpec("process", null, 7, false));

        pools.createDefaultPool();

        WorkPool local = pools.get("local");
        assertThat(local.type()).isEqualTo("process");
        assertThat(local.concurrencyLimit()).isEqualTo(7);
    }

    @Test
    void poolsAreUpsertedByNameAndListedInOrder() {
        ObjectNode template = (ObjectNode) Json.mapper().readTree("{\"region\":\"europe-west1\"}");
        var created = pools.upsert("gpu", new WorkPoolSpec("cloud-run", template, 4, null));
        clock.advance(Duration.ofMinutes(1));
        var unchanged = pools.upsert("gpu", new WorkPoolSpec("cloud-run", template, 4, false));
        var updated = pools.upsert("gpu", new WorkPoolSpec("cloud-run", template, null, true));

        assertThat(created.change()).isEqualTo(UpsertOutcome.Change.CREATED);
        assertThat(unchanged.change()).isEqualTo(UpsertOutcome.Change.UNCHANGED);
        assertThat(unchanged.pool().updatedAt()).isEqualTo(START);
        assertThat(updated.change()).isEqualTo(UpsertOutcome.Change.UPDATED);
        assertThat(updated.pool().concurrencyLimit()).isNull();
        assertThat(updated.pool().paused()).isTrue();
        assertThat(updated.pool().baseJobTemplate()).isEqualTo(template);
        assertThat(pools.list(0, 10).items()).extracting(WorkPool::name).containsExactly("gpu", "local");
    }

    @Test
    void aDeploymentMustNameAnExistingPool() {
        assertThatThrownBy(() -> deployments.upsert("etl", spec("etl", "gpu")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("workPool"));

        pools.upsert("gpu", new WorkPoolSpec("cloud-run", null, null, null));

        assertThat(deployments.upsert("etl", spec("etl", "gpu")).warnings()).singleElement().asString().contains("gpu");
    }

    @Test
    void aRunIsLaunchedWithItsPoolsTemplateUnderItsDeploymentsJobVariables() {
        pools.upsert("gpu", new WorkPoolSpec("cloud-run", json("""
                {"image":"europe-docker.pkg.dev/acme/runway/runner:1","region":"europe-west1","memory":"512Mi",
                 "env":{"LOG_LEVEL":"info","REGION":"eu"},"vpcConnector":"runway"}"""), null, null));
        deployments.upsert("etl", withJobVariables(spec("etl", "gpu"), """
                {"memory":"4Gi","env":{"LOG_LEVEL":"debug","SOURCE":"s3://sales"},"vpcConnector":null}"""));
        FlowRun etl = service.start("etl", new CreateFlowRun(null, null, null, null), "test").run();
        FlowRun hello = startRuns(1).getFirst();
        dispatcher.runOnce();

        drainer.runOnce();

        assertThat(launchedRequest(etl.id()).jobTemplate()).isEqualTo(json("""
                {"image":"europe-docker.pkg.dev/acme/runway/runner:1","region":"europe-west1","memory":"4Gi",
                 "env":{"LOG_LEVEL":"debug","REGION":"eu","SOURCE":"s3://sales"}}"""));
        assertThat(launchedRequest(hello.id()).jobTemplate()).isEqualTo(json("{}"));
        assertThat(pools.get("gpu").baseJobTemplate().get("memory").asString()).isEqualTo("512Mi");
    }

    @Test
    void aNewImageChangesNothingElseAndTheNextLaunchRunsIt() {
        pools.upsert("gpu", new WorkPoolSpec("cloud-run", json("""
                {"image":"europe-docker.pkg.dev/acme/runway/runner:1","region":"europe-west1"}"""), 2, null));
        deployments.upsert("etl", withJobVariables(spec("etl", "gpu"), "{\"memory\":\"4Gi\"}"));
        pools.setPaused("gpu", true);

        var changed = pools.setImage("gpu", "europe-docker.pkg.dev/acme/runway/runner:2");
        pools.setPaused("gpu", false);
        FlowRun etl = service.start("etl", new CreateFlowRun(null, null, null, null), "test").run();
        dispatcher.runOnce();
        drainer.runOnce();

        assertThat(changed.previous()).isEqualTo("europe-docker.pkg.dev/acme/runway/runner:1");
        assertThat(changed.pool().paused()).as("a pause made before the change is kept").isTrue();
        assertThat(changed.pool().concurrencyLimit()).isEqualTo(2);
        assertThat(launchedRequest(etl.id()).jobTemplate()).isEqualTo(json("""
                {"image":"europe-docker.pkg.dev/acme/runway/runner:2","region":"europe-west1","memory":"4Gi"}"""));
        assertThatThrownBy(() -> pools.setImage("local", "runner:2")).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> pools.setImage("nope", "runner:2")).isInstanceOf(NotFoundException.class);
        assertThat(pools.get("local").baseJobTemplate().has("image")).isFalse();
    }

    @Test
    void cloudRunRunsReservedOrLaunchedAndUnderWayAreCountedAgainstTheLaunchersCap() {
        pools.upsert("gpu", new WorkPoolSpec("cloud-run", json("{\"image\":\"runner:1\"}"), null, null));
        deployments.upsert("etl", spec("etl", "gpu"));
        FlowRun etl = service.start("etl", new CreateFlowRun(null, null, null, null), "test").run();
        startRuns(1);
        FlowRunStore store = new FlowRunStore(JdbcClient.create(pool));
        dispatcher.runOnce();
        assertThat(store.countLaunchedOrReserved("cloud-run")).as("dispatched, not reserved").isZero();

        drainer.runOnce();
        assertThat(store.countLaunchedOrReserved("cloud-run")).as("launched; the process pool's run is not counted")
                .isEqualTo(1);

        complete(etl.id());
        assertThat(store.countLaunchedOrReserved("cloud-run")).isZero();
    }

    @Test
    void aProcessPoolsTemplateEnvMustBeStrings() {
        assertThatThrownBy(() -> pools.upsert("batch", new WorkPoolSpec("process", json("""
                {"env":{"ROWS":10,"NAME":"etl"}}"""), null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("baseJobTemplate.env.ROWS"));
        assertThatThrownBy(() -> pools.upsert("batch", new WorkPoolSpec("process", json("{\"env\":[\"A=1\"]}"), null, null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("baseJobTemplate.env"));

        assertThat(pools.upsert("batch", new WorkPoolSpec("process", json("{\"env\":{\"ROWS\":\"10\"}}"), null, null))
                .change()).isEqualTo(UpsertOutcome.Change.CREATED);
        assertThat(pools.upsert("gpu", new WorkPoolSpec("cloud-run", json("{\"env\":{\"ROWS\":10}}"), null, null))
                .change()).isEqualTo(UpsertOutcome.Change.CREATED);
    }

    @Test
    void runsOverThePoolsLimitWaitPendingAndStartInDispatchOrderAsSlotsFreeUp() {
        List<FlowRun> runs = startRuns(6);
        dispatcher.runOnce();

        drainer.runOnce();

        assertThat(launchedIds()).containsExactly(id(runs, 0), id(runs, 1));
        for (int i = 2; i < 6; i++) {
            State state = service.get(id(runs, i)).state();
            assertThat(state.type()).isEqualTo(StateType.PENDING);
            assertThat(state.name()).isEqualTo(StateNames.AWAITING_CONCURRENCY_SLOT);
        }
        assertThat(pools.get("local").running()).isEqualTo(2);
        assertThat(pools.get("local").waiting()).isEqualTo(4);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new WorkPoolMetrics(registry, poolStore, new FlowRunStore(JdbcClient.create(pool))).registerEveryPool();
        assertThat(registry.get("runway.work_pool.waiting").tag("pool", "local").gauge().value()).isEqualTo(4);
        assertThat(registry.get("runway.flow_runs.waiting").tag("reason", StateNames.AWAITING_CONCURRENCY_SLOT).gauge()
                .value()).isEqualTo(4);
        assertThat(registry.get("runway.flow_runs.waiting").tag("reason", StateNames.LAUNCH_RATE_LIMITED).gauge().value())
                .isZero();
        assertThat(registry.get("runway.work_pool.running").tag("pool", "local").gauge().value()).isEqualTo(2);

        // a run completes: the next one starts at once, without waiting for redeliver-after
        complete(id(runs, 0));
        drainer.runOnce();
        assertThat(launchedIds()).containsExactly(id(runs, 0), id(runs, 1), id(runs, 2));

        // waiting is never a crash; the launched runs that never claimed crash and free their slots
        clock.advance(Duration.ofSeconds(200));
        crashDetector.runOnce();
        assertThat(service.get(id(runs, 1)).state().type()).isEqualTo(StateType.CRASHED);
        assertThat(service.get(id(runs, 2)).state().type()).isEqualTo(StateType.CRASHED);
        for (int i = 3; i < 6; i++) {
            assertThat(service.get(id(runs, i)).state().type()).isEqualTo(StateType.PENDING);
        }
        drainer.runOnce();
        assertThat(launchedIds()).containsExactly(id(runs, 0), id(runs, 1), id(runs, 2), id(runs, 3), id(runs, 4));
        assertThat(service.get(id(runs, 5)).state().name()).isEqualTo(StateNames.AWAITING_CONCURRENCY_SLOT);
        assertThat(service.history(id(runs, 5), 0, 50).items()).extracting(State::name)
                .containsExactly("Scheduled", "Pending", StateNames.AWAITING_CONCURRENCY_SLOT);
    }

    @Test
    void concurrentLaunchesNeverExceedThePoolsLimit() throws Exception {
        List<FlowRun> runs = startRuns(8);
        dispatcher.runOnce();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> launches = new ArrayList<>();
            for (FlowRun run : runs) {
                launches.add(threads.submit(() -> {
                    go.await();
                    handler.launch(run.id(), 1);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> launch : launches) {
                launch.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(launchedIds()).containsExactlyInAnyOrder(id(runs, 0), id(runs, 1));
        assertThat(pools.get("local").running()).isEqualTo(2);
        assertThat(pools.get("local").waiting()).isEqualTo(6);
    }

    @Test
    void aPausedPoolLaunchesNothingUntilItIsResumed() {
        pools.setPaused("local", true);
        FlowRun run = startRuns(1).getFirst();
        dispatcher.runOnce();

        drainer.runOnce();

        assertThat(launched).isEmpty();
        assertThat(service.get(run.id()).state().name()).isEqualTo(StateNames.WORK_POOL_PAUSED);

        pools.setPaused("local", false);
        drainer.runOnce();

        assertThat(launchedIds()).containsExactly(run.id());
    }

    @Test
    void aLimitChangeTouchesNothingElseAndARaisedLimitLaunchesWaitingRunsAtOnce() {
        ObjectNode template = (ObjectNode) Json.mapper().readTree("{\"region\":\"europe-west1\"}");
        pools.upsert("local", new WorkPoolSpec("process", template, 2, false));
        List<FlowRun> runs = startRuns(4);
        dispatcher.runOnce();
        drainer.runOnce();
        assertThat(launchedIds()).hasSize(2);

        var raised = pools.setConcurrencyLimit("local", 3);
        drainer.runOnce();

        assertThat(raised.previous()).isEqualTo(2);
        assertThat(raised.pool().concurrencyLimit()).isEqualTo(3);
        assertThat(raised.pool().baseJobTemplate()).isEqualTo(template);
        assertThat(launchedIds()).containsExactly(id(runs, 0), id(runs, 1), id(runs, 2));

        pools.setPaused("local", true);
        var removed = pools.setConcurrencyLimit("local", null);

        assertThat(removed.previous()).isEqualTo(3);
        assertThat(removed.pool().concurrencyLimit()).isNull();
        assertThat(removed.pool().paused()).as("a pause made before the change is kept").isTrue();
        assertThatThrownBy(() -> pools.setConcurrencyLimit("nope", 1)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> pools.setConcurrencyLimit("local", 0))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
                        .extracting(InvalidInputException.FieldError::field).containsExactly("concurrencyLimit"));
    }

    private List<FlowRun> startRuns(int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            clock.advance(Duration.ofMillis(1));
            return service.start("hello", new CreateFlowRun(null, null, null, null), "test").run();
        }).toList();
    }

    private void complete(UUID runId) {
        transitions.propose(runId, Proposal.byRunner(State.of(StateType.RUNNING, clock.instant()), 1, "runner"),
                UUID.randomUUID());
        transitions.propose(runId, Proposal.byRunner(State.of(StateType.COMPLETED, clock.instant()), 1, "runner"),
                UUID.randomUUID());
        assertThat(service.get(runId).state().type()).isEqualTo(StateType.COMPLETED);
    }

    private List<UUID> launchedIds() {
        synchronized (launched) {
            return launched.stream().map(request -> request.run().id()).toList();
        }
    }

    private LaunchRequest launchedRequest(UUID runId) {
        synchronized (launched) {
            return launched.stream().filter(request -> request.run().id().equals(runId)).findFirst().orElseThrow();
        }
    }

    private static DeploymentSpec withJobVariables(DeploymentSpec spec, String jobVariables) {
        return new DeploymentSpec(spec.name(), spec.flowName(), spec.description(), spec.version(), spec.parameters(),
                spec.parameterSchema(), spec.tags(), spec.workPool(), spec.paused(), spec.retries(),
                spec.retryDelaySeconds(), json(jobVariables));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.mapper().readTree(text);
    }

    private static UUID id(List<FlowRun> runs, int index) {
        return runs.get(index).id();
    }

    private static DeploymentSpec spec(String name, String workPool) {
        return new DeploymentSpec(name, "hello", null, null, null, null, null, workPool, null, null, null, null);
    }
}
