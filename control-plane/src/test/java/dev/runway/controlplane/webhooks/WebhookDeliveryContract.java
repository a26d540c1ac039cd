package dev.runway.controlplane.webhooks;

import static dev.runway.controlplane.webhooks.Deliveries.body;
import static dev.runway.controlplane.webhooks.Deliveries.headers;
import static dev.runway.controlplane.webhooks.Signing.hubSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.deployments.DeploymentService;
import dev.runway.controlplane.deployments.ParameterSchemaCheck;
import dev.runway.controlplane.deployments.RunnerFlows;
import dev.runway.controlplane.launch.RunnerEnvironment;
import dev.runway.controlplane.launch.RunnerJar;
import dev.runway.controlplane.orchestration.FlowRunStateChanged;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Proposal;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.WorkPoolService;
import dev.runway.controlplane.problem.ConflictException;
import dev.runway.controlplane.problem.NotFoundException;
import dev.runway.controlplane.retention.RetentionPruner;
import dev.runway.controlplane.runs.FlowRunService;
import dev.runway.controlplane.runs.Parameters;
import dev.runway.controlplane.schedules.DeploymentSchedules;
import dev.runway.controlplane.schedules.ScheduleChecks;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.LogStore;
import dev.runway.controlplane.store.MutableClock;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.ScheduleStore;
import dev.runway.controlplane.store.StoredWebhook;
import dev.runway.controlplane.store.TaskRunStore;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.controlplane.store.WebhookDeliveryStore;
import dev.runway.controlplane.store.WebhookStore;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.controlplane.webhooks.WebhookReceiver.Accepted;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.Webhook;
import dev.runway.model.WebhookSpec;
import dev.runway.model.WebhookWithSecret;
import dev.runway.model.json.Json;
import dev.runway.model.result.LocalFolderResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Webhooks and their deliveries on every supported database, through the real stores, run service and receiver:
 * what is stored, that a delivery starts one run however often and however simultaneously it arrives, that a
 * failure between a run and the record of its delivery leaves neither, and that a delivery's record goes with its
 * run and its webhook.
 */
abstract class WebhookDeliveryContract {

    private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
    private static final String BODY = "{\"name\":\"Ada\"}";

    @TempDir
    Path home;

    private TestDatabase database;
    private HikariDataSource pool;
    private JdbcClient jdbc;
    private final MutableClock clock = new MutableClock(START);
    private RunwayProperties properties;
    private FlowRunService runs;
    private FlowRunStore runStore;
    private OutboxStore outbox;
    private DeploymentService deployments;
    private WebhookStore webhookStore;
    private WebhookDeliveryStore deliveryStore;
    private WebhookSecrets secrets;
    private WebhookService webhooks;
    private RunEndings endings;
    private TransactionTemplate transactions;

    protected abstract TestDatabase createDatabase();

    @BeforeEach
    void setUp() {
        database = createDatabase();
        HikariConfig config = new HikariConfig();
        config.setDataSource(database.dataSource());
        config.setMaximumPoolSize(12);
        pool = new HikariDataSource(config);
        jdbc = JdbcClient.create(pool);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));
        transactions = tx;
        properties = RunwaySettings.bind(home, Map.of("runway.loops.enabled", "false",
                "runway.launcher.runner-jar", home.resolve("runner.jar").toString(),
                "runway.deployments.register-on-start", "false"));
        runStore = new FlowRunStore(jdbc);
        outbox = new OutboxStore(jdbc);
        endings = new RunEndings(runStore);
        ApplicationEventPublisher events = event -> {
            if (event instanceof FlowRunStateChanged changed) {
                endings.on(changed);
            }
        };
        WorkPoolService pools = new WorkPoolService(new WorkPoolStore(jdbc, clock), events, tx, properties);
        pools.createDefaultPool();
        Parameters parameters = new Parameters(properties);
        DeploymentStore deploymentStore = new DeploymentStore(jdbc, clock);
        deployments = new DeploymentService(deploymentStore, runStore, parameters, new ParameterSchemaCheck(),
                new RunnerFlows(new RunnerJar(properties, new RunnerEnvironment(properties))), pools,
                new DeploymentSchedules(new ScheduleStore(jdbc), deploymentStore, runStore, tx, events, clock),
                new ScheduleChecks(parameters, clock), tx);
        Transitions transitions = new Transitions(runStore, outbox, new OrchestrationRules(), tx, events, clock);
        runs = new FlowRunService(deployments, parameters, runStore, new LogStore(new JdbcTemplate(pool)),
                new TaskRunStore(jdbc), transitions, new LocalFolderResultStore(home.resolve("results")), tx, events, clock);
        webhookStore = new WebhookStore(jdbc, clock);
        deliveryStore = new WebhookDeliveryStore(jdbc);
        secrets = new WebhookSecrets(new byte[32]);
        webhooks = new WebhookService(webhookStore, deploymentStore, secrets);
        deployments.upsert("greet", Json.mapper().readValue("""
                {"flowName":"hello","parameterSchema":{"type":"object","properties":{"name":{"type":"string"}},
                 "required":["name"]}}""", DeploymentSpec.class));
    }

    @AfterEach
    void tearDown() {
        pool.close();
        database.drop();
    }

    @Test
    void webhooksAreStoredWithTheirSettingsAndAnEncryptedSecretAndListedBySlug() {
        ObjectNode template = (ObjectNode) Json.mapper().readTree("{\"name\":\"{{ body.sender.login }}\"}");
        WebhookWithSecret created = webhooks.create(new WebhookSpec("push", "greet", template, true, 12, "hmac-sha256",
                "X-Signature"));
        webhooks.create(new WebhookSpec("alert", "greet", null, null, null, "token", null));

        StoredWebhook stored = webhookStore.find("push").orElseThrow();
        assertThat(stored.webhook()).isEqualTo(created.webhook());
        assertThat(stored.webhook().spec()).isEqualTo(new WebhookSpec("push", "greet", template, true, 12,
                "hmac-sha256", "X-Signature"));
        assertThat(stored.webhook().enabled()).isTrue();
        assertThat(stored.webhook().createdAt()).isEqualTo(START);
        assertThat(stored.encryptedSecret()).startsWith("v1:").doesNotContain(created.secret());
        assertThat(secrets.decrypt("push", stored.encryptedSecret())).isEqualTo(created.secret());
        assertThat(webhooks.list(0, 10).items()).extracting(hook -> hook.spec().slug()).containsExactly("alert", "push");
        assertThat(webhooks.get("alert").spec()).isEqualTo(new WebhookSpec("alert", "greet", null, false, null, "token",
                "X-Runway-Token"));
        assertThat(webhooks.list(1, 10).total()).isEqualTo(2);
    }

    @Test
    void aSlugIsTakenOnceAndEnablingRotatingAndDeletingNeedAWebhook() {
        webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null));
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(() -> webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)))
                .isInstanceOf(ConflictException.class);
        Webhook disabled = webhooks.setEnabled("push", false);
        String old = webhookStore.find("push").orElseThrow().encryptedSecret();
        WebhookWithSecret rotated = webhooks.rotateSecret("push", null);

        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.updatedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(webhookStore.find("push").orElseThrow().encryptedSecret()).isNotEqualTo(old);
        assertThat(secrets.decrypt("push", webhookStore.find("push").orElseThrow().encryptedSecret()))
                .isEqualTo(rotated.secret());
        webhooks.delete("push");
        for (Runnable needsOne : List.<Runnable>of(() -> webhooks.delete("push"), () -> webhooks.rotateSecret("push", null),
                () -> webhooks.setEnabled("push", true), () -> webhooks.get("push"))) {
            assertThatThrownBy(needsOne::run).isInstanceOf(NotFoundException.class).hasMessageContaining("'push'");
        }
    }

    @Test
    void aDeliverySeenBeforeAnswersWithItsRunAndStartsNothing() {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        WebhookReceiver receiver = receiver(deliveryStore);

        Accepted first = (Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "d-1"), body(BODY));
        Accepted again = (Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "d-1"), body(BODY));
        Accepted other = (Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "d-2"), body(BODY));

        assertThat(first.replay()).isFalse();
        assertThat(again.replay()).isTrue();
        assertThat(again.runId()).isEqualTo(first.runId());
        assertThat(other.runId()).isNotEqualTo(first.runId());
        assertThat(count("flow_runs")).isEqualTo(2);
        assertThat(deliveryStore.findRun(webhookStore.find("push").orElseThrow().id(), "d-1")).contains(first.runId());
        assertThat(runs.get(first.runId()).createdBy()).isEqualTo("webhook:push");
    }

    @Test
    void copiesOfADeliveryArrivingAtOnceStartOneRunAndAllAnswerWithIt() throws Exception {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        WebhookReceiver receiver = receiver(deliveryStore);
        int copies = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Accepted>> answers = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(copies)) {
            for (int i = 0; i < copies; i++) {
                answers.add(senders.submit(() -> {
                    go.await();
                    return (Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "same"), body(BODY));
                }));
            }
            go.countDown();
            Set<UUID> runIds = answers.stream().map(WebhookDeliveryContract::get).map(Accepted::runId)
                    .collect(Collectors.toSet());

            assertThat(runIds).hasSize(1);
            assertThat(count("flow_runs")).isEqualTo(1);
            assertThat(count("flow_run_states")).as("the losers' runs left no history either").isEqualTo(1);
            assertThat(count("webhook_deliveries")).isEqualTo(1);
        }
    }

    /**
     * The run and the record of its delivery are written in one transaction (FlowRunService.start's
     * {@code alongside}): a failure after the run's insert and before the record's takes the run back with it, so a
     * retry of the delivery finds no half and starts the only run.
     */
    @Test
    void aFailureBetweenARunAndTheRecordOfItsDeliveryLeavesNeither() {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        WebhookDeliveryStore failing = new WebhookDeliveryStore(jdbc) {
            @Override
            public void insert(UUID webhookId, String deliveryId, UUID runId, Instant now) {
                assertThat(count("flow_runs")).as("the run, inserted in this transaction").isEqualTo(1);
                throw new IllegalStateException("the control plane lost its database connection");
            }
        };

        assertThatThrownBy(() -> receiver(failing).receive("push", signed(secret, "X-GitHub-Delivery", "d-1"), body(BODY)))
                .hasMessageContaining("lost its database connection");

        assertThat(count("flow_runs")).isZero();
        assertThat(count("flow_run_states")).isZero();
        assertThat(count("webhook_deliveries")).isZero();
        Accepted retried = (Accepted) receiver(deliveryStore).receive("push", signed(secret, "X-GitHub-Delivery", "d-1"),
                body(BODY));
        assertThat(retried.replay()).isFalse();
        assertThat(count("flow_runs")).isEqualTo(1);
    }

    @Test
    void aDeliveryRecordGoesWithItsRunAtRetentionAndWithItsWebhook() {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        WebhookReceiver receiver = receiver(deliveryStore);
        UUID old = ((Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "old"), body(BODY))).runId();
        runs.cancel(old);
        clock.advance(properties.retention().finishedRuns().plus(Duration.ofMinutes(1)));
        UUID recent = ((Accepted) receiver.receive("push", signed(secret, "X-GitHub-Delivery", "recent"), body(BODY))).runId();

        new RetentionPruner(runStore, new TaskRunStore(jdbc), new LogStore(new JdbcTemplate(pool)), outbox, clock,
                properties).runOnce();

        UUID webhookId = webhookStore.find("push").orElseThrow().id();
        assertThat(deliveryStore.findRun(webhookId, "old")).isEmpty();
        assertThat(deliveryStore.findRun(webhookId, "recent")).contains(recent);
        webhooks.delete("push");
        assertThat(count("webhook_deliveries")).isZero();
        assertThat(runStore.find(recent)).as("the webhook's runs stay").isPresent();
    }

    @Test
    void aDeliveryToAWebhookWhoseDeploymentIsGoneIsAConflictAndStartsNothing() {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        deployments.delete("greet");

        assertThatThrownBy(() -> receiver(deliveryStore).receive("push", signed(secret), body(BODY)))
                .isInstanceOf(ConflictException.class).hasMessageContaining("deployment 'greet'");
        assertThat(count("flow_runs")).isZero();
    }

    @Test
    void aSynchronousWaitEndsWithTheRunOrEmptyAtItsTimeoutAndLeavesNothingBehind() throws Exception {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        WebhookReceiver receiver = receiver(deliveryStore);
        UUID ending = ((Accepted) receiver.receive("push", signed(secret), body(BODY))).runId();
        UUID lasting = ((Accepted) receiver.receive("push", signed(secret), body(BODY))).runId();

        var ended = receiver.outcome(ending, Duration.ofSeconds(30));
        var timedOut = receiver.outcome(lasting, Duration.ofMillis(1));
        runs.cancel(ending);

        assertThat(ended.get().orElseThrow().run().state().type().isTerminal()).isTrue();
        assertThat(ended.get().orElseThrow().result()).isNull();
        assertThat(timedOut.get()).isEmpty();
        assertThat(endings.waits()).isZero();
    }

    @Test
    void aRunEndedThroughAnotherControlPlaneIsFoundByTheNextCheck() throws Exception {
        String secret = webhooks.create(new WebhookSpec("push", "greet", null, null, null, null, null)).secret();
        UUID run = ((Accepted) receiver(deliveryStore).receive("push", signed(secret), body(BODY))).runId();
        var ended = endings.awaitEnd(run, Duration.ofSeconds(30));
        // a control plane sharing the database: its events do not reach this one
        Transitions elsewhere = new Transitions(runStore, outbox, new OrchestrationRules(), transactions, event -> { },
                clock);
        elsewhere.propose(run, Proposal.byUser(State.of(StateType.CANCELLING, "cancelled elsewhere", clock.instant())),
                null);

        assertThat(ended).isNotDone();
        endings.runOnce();
        assertThat(ended.get(5, TimeUnit.SECONDS).orElseThrow().state().type()).isEqualTo(StateType.CANCELLED);
    }

    @Test
    void theColumnsFitWhatIsCheckedBeforeWriting() {
        Map<String, Integer> limits = Map.of("webhooks.slug", 40, "webhooks.header_name", WebhookService.MAX_HEADER,
                "webhooks.deployment_name", 200, "webhook_deliveries.delivery_id", DeliveryIds.MAX_LENGTH);
        assertThat(WebhookService.SLUG.pattern()).endsWith("{0,39}");
        limits.forEach((column, limit) -> {
            String[] parts = column.split("\\.");
            Integer size = jdbc.sql("""
                            select character_maximum_length from information_schema.columns
                            where lower(table_name) = ? and lower(column_name) = ? and table_schema = current_schema()""")
                    .params(parts[0], parts[1]).query(Integer.class).single();
            assertThat(size).as(column).isEqualTo(limit);
        });
    }

    private WebhookReceiver receiver(WebhookDeliveryStore deliveries) {
        return new WebhookReceiver(webhookStore, deliveries, secrets, runs, endings, clock, properties);
    }

    private static DeliveryHeaders signed(String secret, String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "X-Hub-Signature-256";
        all[1] = hubSignature(secret, BODY);
        System.arraycopy(more, 0, all, 2, more.length);
        return headers(all);
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static <T> T get(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
