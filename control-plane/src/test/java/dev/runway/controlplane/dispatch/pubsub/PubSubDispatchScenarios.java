package dev.runway.controlplane.dispatch.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.MessageReceiver;
import com.google.cloud.pubsub.v1.Publisher;
import com.google.protobuf.ByteString;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.TopicName;
import dev.runway.controlplane.auth.RunTokens;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.dispatch.OutboxDrainer;
import dev.runway.controlplane.launch.LaunchHandler;
import dev.runway.controlplane.launch.FakeLauncher;
import dev.runway.controlplane.orchestration.OrchestrationRules;
import dev.runway.controlplane.orchestration.Transitions;
import dev.runway.controlplane.pools.LaunchSlots;
import dev.runway.controlplane.store.DeploymentStore;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.OutboxStore;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.controlplane.store.WorkPoolStore;
import dev.runway.model.DeploymentSpec;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.WorkPoolSpec;
import dev.runway.model.json.Json;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Pub/Sub transport against an emulator of Pub/Sub: the real publisher and subscribers, the real outbox,
 * drainer, launch handler and transitions on H2; only the launcher that would start a runner is a recording fake.
 * Each subclass brings an emulator: Google's from the machine image ({@link PubSubDispatchTest}) or from Google's
 * Cloud CLI container image ({@link PubSubContainerDispatchTest}).
 */
abstract class PubSubDispatchScenarios {

    private WorkPoolStore pools;
    private static final String PROJECT = "runway-test";
    private static final int MAX_DELIVERY_ATTEMPTS = 5;
    /** Generous: the machine is shared; the tests take a few seconds when it is not busy. */
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** More than the Pub/Sub client's default of 5 threads per subscription. */
    private static final int EXECUTOR_THREADS = 7;

    @TempDir
    Path home;

    private final Clock clock = Clock.systemUTC();
    private final List<UUID> launched = new CopyOnWriteArrayList<>();
    /** Every reply each receiver gave, by message id, in order. */
    private final Map<String, List<String>> replies = new ConcurrentHashMap<>();
    /** The first message each run's dispatch arrived in. */
    private final Map<UUID, PubsubMessage> received = new ConcurrentHashMap<>();
    private final Set<UUID> failing = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    /** While set, launches wait until it opens; {@link #launching} counts those waiting. */
    private volatile CountDownLatch gate;
    private final AtomicInteger launching = new AtomicInteger();

    private TestDatabase database;
    private FlowRunStore runs;
    private OutboxStore outbox;
    private DeploymentStore deployments;
    private Transitions transitions;
    private PubSubConnection connection;
    private PubSubProperties properties;
    private String deadLetterTopic;
    private PubSubTransport transport;
    private OutboxDrainer drainer;
    private DispatchSubscribers subscribers;

    @BeforeEach
    void setUp() throws Exception {
        database = TestDatabase.h2();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        runs = new FlowRunStore(jdbc);
        outbox = new OutboxStore(jdbc);
        deployments = new DeploymentStore(jdbc, clock);
        transitions = new Transitions(runs, outbox, new OrchestrationRules(),
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())), event -> { }, clock);
        RunwayProperties runway = RunwaySettings.bind(home, Map.of());

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        properties = new PubSubProperties(PROJECT, "dispatch-" + suffix, "launcher-" + suffix, "dlq-launcher-" + suffix,
                10, EXECUTOR_THREADS, Duration.ofSeconds(10), null, false);
        deadLetterTopic = "dlq-" + suffix;
        connection = PubSubConnection.plaintext(emulatorHost());
        PubSubEmulator.createTopics(emulatorHost(), properties, deadLetterTopic, MAX_DELIVERY_ATTEMPTS);

        pools = new WorkPoolStore(jdbc, clock);
        LaunchHandler handler = new LaunchHandler(runs, outbox, transitions, new LaunchSlots(runs, pools,
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource()))),
                FakeLauncher.launchers(request -> {
                    launched.add(request.run().id());
                    return "fake:" + request.run().id();
                }), pools, new RunTokens(runway), clock, runway);
        Launches launches = (runId, attempt) -> {
            waitAtTheGate();
            AtomicInteger left = failuresLeft.get(runId);
            if (failing.contains(runId) || (left != null && left.getAndDecrement() > 0)) {
                throw new TransientDataAccessResourceException("database unreachable");
            }
            return handler.launch(runId, attempt);
        };
        transport = new PubSubTransport(PubSubTransport.publisher(properties, connection), runs, deployments);
        drainer = new OutboxDrainer(outbox, transport, clock, runway);
        subscribers = new DispatchSubscribers(properties, connection,
                recorded(new DispatchReceiver(launches, runs)), recorded(new DeadLetterReceiver(runs, transitions, clock)));
        subscribers.start();
    }

    /** {@code host:port} of the emulator, started before the class's first test. */
    abstract String emulatorHost();

    @AfterEach
    void tearDown() throws Exception {
        if (gate != null) {
            gate.countDown();
        }
        subscribers.stop();
        transport.close();
        connection.close();
    }

    @Test
    void aDispatchedRunIsPublishedLaunchedOnceAndAcknowledged() {
        FlowRun run = pendingRun("etl", "cloud");

        drainer.runOnce();

        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).containsExactly(run.id()));
        String messageId = await().atMost(WAIT).until(() -> messageOf(run.id()), id -> id != null);
        await().atMost(WAIT).untilAsserted(() -> assertThat(replies.get(messageId)).containsExactly("ack"));
        assertThat(outbox.due(clock.instant().plus(Duration.ofDays(1)), 10))
                .as("Pub/Sub holds the dispatch now: the row closed when the publish succeeded").isEmpty();
        assertThat(runs.find(run.id()).orElseThrow().run().infrastructureId()).isEqualTo("fake:" + run.id());
    }

    @Test
    void aDispatchDeliveredTwiceLaunchesOnce() {
        FlowRun run = pendingRun("etl", "cloud");
        OutboxStore.Dispatch dispatch = outbox.due(clock.instant(), 10).getFirst();

        transport.send(dispatch).join();
        transport.send(dispatch).join();

        await().atMost(WAIT).untilAsserted(() -> assertThat(replies).hasSize(2)
                .allSatisfy((id, given) -> assertThat(given).last().isEqualTo("ack")));
        assertThat(launched).containsExactly(run.id());
    }

    @Test
    void aLaunchThatFailsIsDeliveredAgainAndThenLaunched() {
        FlowRun run = pendingRun("etl", "cloud");
        failuresLeft.put(run.id(), new AtomicInteger(2));

        drainer.runOnce();

        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).containsExactly(run.id()));
        String messageId = messageOf(run.id());
        await().atMost(WAIT).untilAsserted(() -> assertThat(replies.get(messageId)).containsExactly("nack", "nack", "ack"));
        assertThat(runs.find(run.id()).orElseThrow().run().state().type()).isEqualTo(StateType.PENDING);
    }

    @Test
    void aDispatchThatNeverLaunchesIsDeadLetteredAndCrashesItsRunWhileOthersAndPoisonFlow() throws Exception {
        FlowRun poisoned = pendingRun("etl", "cloud");
        failing.add(poisoned.id());
        drainer.runOnce();
        String garbage = publishRaw("not a dispatch");
        String unknownRun = publishRaw(new DispatchMessage(UUID.randomUUID(), 1).toPubsub("cloud", "etl"),
                properties.topic());
        FlowRun healthy = pendingRun("report", "cloud");
        drainer.runOnce();

        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).containsExactly(healthy.id()));
        await().atMost(WAIT).untilAsserted(() -> assertThat(replies.get(garbage)).containsExactly("ack"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(replies.get(unknownRun)).containsExactly("ack"));
        await().atMost(WAIT).untilAsserted(() -> {
            State state = runs.find(poisoned.id()).orElseThrow().run().state();
            assertThat(state.type()).isEqualTo(StateType.CRASHED);
            assertThat(state.message()).isEqualTo("the dispatch of attempt 1 failed " + MAX_DELIVERY_ATTEMPTS
                    + " delivery attempts");
        });
        assertThat(launched).containsExactly(healthy.id());
    }

    @Test
    void aDeadLetteredDispatchOfARunThatMovedOnChangesNothing() throws Exception {
        FlowRun launchedAfterAll = pendingRun("etl", "cloud");
        drainer.runOnce();
        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).containsExactly(launchedAfterAll.id()));

        String late = publishRaw(new DispatchMessage(launchedAfterAll.id(), 1).toPubsub("cloud", "etl"),
                deadLetterTopic);

        await().atMost(WAIT).untilAsserted(() -> assertThat(replies.get(late)).containsExactly("ack"));
        assertThat(runs.find(launchedAfterAll.id()).orElseThrow().run().state().type()).isEqualTo(StateType.PENDING);
    }

    @Test
    void aRowThatCannotBePublishedHoldsBackNoOther() {
        FlowRun first = pendingRun("etl", "cloud");
        UUID vanished = orphanOutboxRow();
        FlowRun second = pendingRun("report", "cloud");

        drainer.runOnce();

        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).containsExactlyInAnyOrder(first.id(), second.id()));
        assertThat(outbox.due(clock.instant().plus(Duration.ofMinutes(1)), 10))
                .as("only the row that could not be published is sent again")
                .extracting(OutboxStore.Dispatch::flowRunId).containsExactly(vanished);
    }

    @Test
    void messagesCarryTheRunAndAttemptAsJsonAndTheWorkPoolAndDeploymentAsAttributes() {
        FlowRun run = pendingRun("etl", "cloud");

        drainer.runOnce();

        PubsubMessage message = await().atMost(WAIT).until(() -> received.get(run.id()), m -> m != null);
        assertThat(message.getAttributesMap()).containsEntry("workPool", "cloud").containsEntry("deployment", "etl");
        assertThat(message.getData().toStringUtf8())
                .isEqualTo("{\"flowRunId\":\"" + run.id() + "\",\"attempt\":1}");
    }

    @Test
    void asManyDispatchesLaunchAtOnceAsTheSubscriptionHasExecutorThreads() {
        gate = new CountDownLatch(1);
        for (int i = 0; i < 10; i++) {
            pendingRun("etl", "cloud");
        }

        drainer.runOnce();

        await().atMost(WAIT).until(launching::get, waiting -> waiting == EXECUTOR_THREADS);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(launching::get, waiting -> waiting == EXECUTOR_THREADS);
        gate.countDown();
        await().atMost(WAIT).untilAsserted(() -> assertThat(launched).hasSize(10));
    }

    private void waitAtTheGate() {
        CountDownLatch closed = gate;
        if (closed == null) {
            return;
        }
        launching.incrementAndGet();
        try {
            if (!closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate stayed closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            launching.decrementAndGet();
        }
    }

    private String messageOf(UUID runId) {
        PubsubMessage message = received.get(runId);
        return message == null ? null : message.getMessageId();
    }

    /** Records each reply, and each dispatch message by its run. */
    private MessageReceiver recorded(MessageReceiver receiver) {
        return (message, reply) -> {
            DispatchMessage.parse(message).ifPresent(d -> received.putIfAbsent(d.flowRunId(), message));
            receiver.receiveMessage(message, new AckReplyConsumer() {
                @Override
                public void ack() {
                    replies.computeIfAbsent(message.getMessageId(), id -> new CopyOnWriteArrayList<>()).add("ack");
                    reply.ack();
                }

                @Override
                public void nack() {
                    replies.computeIfAbsent(message.getMessageId(), id -> new CopyOnWriteArrayList<>()).add("nack");
                    reply.nack();
                }
            });
        };
    }

    private FlowRun pendingRun(String deployment, String workPool) {
        var spec = new DeploymentSpec(deployment, "hello", null, null, null, null, null, workPool, false, 0, 0, null);
        pools.insert(workPool, new WorkPoolSpec(WorkPoolSpec.PROCESS, Json.mapper().createObjectNode(), null, false));
        var stored = deployments.findByName(deployment)
                .orElseGet(() -> deployments.upsert(spec.withDefaults(deployment)).deployment());
        FlowRun run = FlowRun.scheduled(UUID.randomUUID(), "run", stored, Json.mapper().createObjectNode(),
                clock.instant(), null, "test",
                clock.instant());
        runs.insert(run, null, UUID.randomUUID());
        transitions.proposeVerdict(runs.find(run.id()).orElseThrow(), State.of(StateType.PENDING, clock.instant()));
        return run;
    }

    /** An open outbox row whose run cannot be read, as when its run went away while it waited. */
    private UUID orphanOutboxRow() {
        UUID missing = UUID.randomUUID();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        jdbc.sql("set referential_integrity false").update();
        outbox.add(missing, 1, clock.instant());
        jdbc.sql("set referential_integrity true").update();
        return missing;
    }

    private String publishRaw(String data) throws Exception {
        return publishRaw(PubsubMessage.newBuilder().setData(ByteString.copyFromUtf8(data)).build(), properties.topic());
    }

    private String publishRaw(PubsubMessage message, String topic) throws Exception {
        Publisher publisher = Publisher.newBuilder(TopicName.of(PROJECT, topic))
                .setChannelProvider(connection.channels()).setCredentialsProvider(connection.credentials()).build();
        try {
            return publisher.publish(message).get();
        } finally {
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
