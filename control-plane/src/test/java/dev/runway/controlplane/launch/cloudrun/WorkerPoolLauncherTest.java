package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.pubsub.v1.SubscriptionAdminClient;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.cloud.run.v2.Container;
import com.google.cloud.run.v2.CreateWorkerPoolRequest;
import com.google.cloud.run.v2.UpdateWorkerPoolRequest;
import com.google.cloud.run.v2.VpcAccess;
import com.google.cloud.run.v2.WorkerPool;
import com.google.pubsub.v1.ProjectSubscriptionName;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import dev.runway.cloudrunfake.CloudRunFake;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.dispatch.pubsub.PubSubConnection;
import dev.runway.controlplane.dispatch.pubsub.PubSubEmulator;
import dev.runway.controlplane.dispatch.pubsub.PubSubWarmInboxes;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.launch.RunnerVariables;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.model.FlowRun;
import dev.runway.model.StateNames;
import dev.runway.model.WorkPool;
import dev.runway.model.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker pool launcher with the real Cloud Run Admin and Pub/Sub clients, against {@link CloudRunFake} over gRPC
 * and Google's Pub/Sub emulator: the worker pool it makes, when it changes it, and the start message a warm runner
 * pulls.
 */
class WorkerPoolLauncherTest {

    private static final String TEMPLATE = """
            {"image": "europe-docker.pkg.dev/acme/runway/runner:abc123", "cpu": "1", "memory": "1Gi", "instances": 2, "drainSeconds": 5,
             "vpcConnector": "projects/acme-prod/locations/europe-west1/connectors/runway",
             "serviceAccount": "runner@acme-prod.iam.gserviceaccount.com", "env": {"DATA_BUCKET": "acme-data"}}""";

    @RegisterExtension
    static final PubSubEmulator emulator = new PubSubEmulator();

    CloudRunFake fake;
    CloudRunClients clients;
    PubSubWarmInboxes topics;
    TestDatabase database;
    RunwayProperties runway;
    String subscription;

    @BeforeEach
    void setUp() throws Exception {
        fake = new CloudRunFake();
        database = TestDatabase.h2();
        runway = RunwaySettings.bind(Map.of("runway.api-url", "http://10.8.0.2:4200",
                "runway.results.store", "gs://acme-results/runs"));
        subscription = "warm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (topics != null) {
            topics.close();
        }
        if (clients != null) {
            clients.close();
        }
        fake.close();
        database.drop();
    }

    @Test
    void aLaunchCreatesTheWorkerPoolOfItsTemplateOnceAndPublishesTheRunsStartMessage() throws Exception {
        WorkerPoolLauncher launcher = launcher(new FlowRunStore(JdbcClient.create(database.dataSource())));
        WorkPool pool = pool("warm", TEMPLATE);
        FlowRun first = CloudRunLauncherTest.run();
        FlowRun second = CloudRunLauncherTest.run();

        String firstId = launcher.launch(new LaunchRequest(first, 1, "rwr_first", pool, pool.baseJobTemplate(), false),
                (id, how) -> { });
        launcher.launch(new LaunchRequest(second, 3, "rwr_second", pool, pool.baseJobTemplate(), false), (id, how) -> { });

        assertThat(fake.requests("CreateWorkerPool")).as("one worker pool, reused").hasSize(1);
        CreateWorkerPoolRequest create = (CreateWorkerPoolRequest) fake.requests("CreateWorkerPool").getFirst();
        assertThat(create.getParent()).isEqualTo("projects/acme-prod/locations/europe-west1");
        assertThat(create.getWorkerPoolId()).isEqualTo("runway-warm-warm");
        WorkerPool workerPool = create.getWorkerPool();
        assertThat(workerPool.getLabelsMap()).containsEntry("managed-by", "runway").containsEntry("runway-pool", "warm")
                .containsKey("runway-template");
        assertThat(workerPool.getScaling().getManualInstanceCount()).isEqualTo(2);
        assertThat(workerPool.getTemplate().getServiceAccount()).isEqualTo("runner@acme-prod.iam.gserviceaccount.com");
        assertThat(workerPool.getTemplate().getVpcAccess().getEgress()).isEqualTo(VpcAccess.VpcEgress.PRIVATE_RANGES_ONLY);
        Container container = workerPool.getTemplate().getContainers(0);
        assertThat(container.getImage()).isEqualTo("europe-docker.pkg.dev/acme/runway/runner:abc123");
        assertThat(container.getArgsList()).containsExactly("--warm");
        assertThat(container.getResources().getLimitsMap()).containsEntry("cpu", "1").containsEntry("memory", "1Gi");
        assertThat(env(container))
                .containsEntry("RUNWAY_WARM_INBOX", "pubsub:projects/acme-prod/subscriptions/" + subscription)
                .containsEntry("RUNWAY_API_URL", "http://10.8.0.2:4200")
                .containsEntry("RUNWAY_RESULT_STORE", "gs://acme-results/runs")
                .containsEntry("DATA_BUCKET", "acme-data")
                .containsEntry("RUNWAY_DRAIN_SECONDS", "5")
                .as("no run's token in the pool's template").doesNotContainKeys("RUNWAY_RUN_ID", "RUNWAY_RUN_TOKEN");
        assertThat(firstId).isEqualTo("cloud-run-worker-pool:projects/acme-prod/locations/europe-west1/workerPools/"
                + "runway-warm-warm:" + first.id());

        List<PubsubMessage> messages = pull(2);
        assertThat(messages).extracting(message -> message.getAttributesMap().get("runway-run-id"))
                .containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
        PubsubMessage secondStart = messages.stream()
                .filter(message -> message.getAttributesMap().get("runway-run-id").equals(second.id().toString()))
                .findFirst().orElseThrow();
        JsonNode startEnv = Json.mapper().readTree(secondStart.getData().toStringUtf8()).get("env");
        assertThat(startEnv.get("RUNWAY_RUN_ID").asString()).isEqualTo(second.id().toString());
        assertThat(startEnv.get("RUNWAY_ATTEMPT").asString()).isEqualTo("3");
        assertThat(startEnv.get("RUNWAY_RUN_TOKEN").asString()).isEqualTo("rwr_second");
        assertThat(startEnv.get("RUNWAY_API_URL").asString()).isEqualTo("http://10.8.0.2:4200");
    }

    @Test
    void aRestartedControlPlaneLeavesAMatchingWorkerPoolAloneAndUpdatesOneWhoseTemplateChanged() {
        WorkPool pool = pool("warm", TEMPLATE);
        launcher(new FlowRunStore(JdbcClient.create(database.dataSource()))).launch(request(pool), (id, how) -> { });
        clients.close();
        WorkerPoolLauncher restarted = launcher(new FlowRunStore(JdbcClient.create(database.dataSource())));

        restarted.launch(request(pool), (id, how) -> { });
        assertThat(fake.requests("UpdateWorkerPool")).as("same template: nothing to change").isEmpty();

        WorkPool newImage = pool("warm", TEMPLATE.replace("runner:abc123", "runner:def456"));
        restarted.launch(request(newImage), (id, how) -> { });

        assertThat(fake.requests("CreateWorkerPool")).hasSize(1);
        assertThat(fake.requests("UpdateWorkerPool")).singleElement().satisfies(update -> {
            WorkerPool changed = ((UpdateWorkerPoolRequest) update).getWorkerPool();
            assertThat(changed.getName()).isEqualTo("projects/acme-prod/locations/europe-west1/workerPools/runway-warm-warm");
            assertThat(changed.getTemplate().getContainers(0).getImage()).endsWith("runner:def456");
        });
        assertThat(fake.workerPools().values()).singleElement()
                .satisfies(current -> assertThat(current.getGeneration()).isEqualTo(2));
    }

    @Test
    void whenEveryInstanceRunsAFlowTheRunWaitsWithoutAStartMessage() throws Exception {
        // this run's own reservation and two runs on the pool's two instances
        WorkerPoolLauncher launcher = launcher(new FlowRunStore(JdbcClient.create(database.dataSource())) {
            @Override
            public long countLaunchedOrReservedInPool(String pool) {
                return pool.equals("warm") ? 3 : 0;
            }
        });

        assertThatThrownBy(() -> launcher.launch(request(pool("warm", TEMPLATE)), (id, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e -> {
                    assertThat(e.stateName()).isEqualTo(StateNames.AWAITING_WARM_WORKER);
                    assertThat(e.getMessage()).contains("all 2 warm runners of work pool 'warm' are running flows");
                });
        assertThat(fake.requests("CreateWorkerPool")).isEmpty();
    }

    @Test
    void aTemplateTheWorkerPoolCannotHaveIsRefusedNamingTheField() {
        WorkerPoolLauncher launcher = launcher(new FlowRunStore(JdbcClient.create(database.dataSource())));

        assertThatThrownBy(() -> launcher.launch(request(pool("warm", "{\"image\": \"runner:1\", \"taskCount\": 2}")),
                (id, how) -> { })).hasMessageContaining("job template field 'taskCount' is unknown");
        assertThatThrownBy(() -> launcher.launch(request(pool("warm", "{\"image\": \"runner:1\", \"instances\": -1}")),
                (id, how) -> { })).hasMessageContaining("job template field 'instances' must be 0 to 100");
        assertThatThrownBy(() -> launcher.launch(request(pool("warm", "{\"instances\": 1}")), (id, how) -> { }))
                .hasMessageContaining("job template field 'image' is missing");
        assertThatThrownBy(() -> launcher.launch(request(pool("warm", "{\"image\": \"runner:1\", \"drainSeconds\": 10}")),
                (id, how) -> { })).hasMessageContaining("job template field 'drainSeconds' must be 1 to 9");
    }

    private WorkerPoolLauncher launcher(FlowRunStore runs) {
        CloudRunProperties properties = CloudRunLauncherTest.properties(fake, 600, Duration.ofSeconds(5), 3);
        clients = CloudRunClients.of(properties);
        if (topics == null) {
            topics = new PubSubWarmInboxes(PubSubConnection.plaintext(emulator.hostAndPort()));
        }
        return new WorkerPoolLauncher(new CloudRunWorkerPools(clients, properties), topics, properties,
                new RunnerVariables(runway, new MockEnvironment()), runs);
    }

    private WorkPool pool(String name, String template) {
        ObjectNode parsed = (ObjectNode) Json.mapper().readTree(template);
        parsed.put("subscription", subscription);
        parsed.put("topic", subscription);
        return new WorkPool(name, "cloud-run-worker-pool", parsed, null, false, 0, 0, Instant.EPOCH, Instant.EPOCH);
    }

    private static LaunchRequest request(WorkPool pool) {
        return new LaunchRequest(CloudRunLauncherTest.run(), 1, "rwr_token", pool, pool.baseJobTemplate(), false);
    }

    private List<PubsubMessage> pull(int count) throws Exception {
        PubSubConnection connection = PubSubConnection.plaintext(emulator.hostAndPort());
        try (connection; SubscriptionAdminClient subscriptions = SubscriptionAdminClient.create(SubscriptionAdminSettings
                .newBuilder().setTransportChannelProvider(connection.channels())
                .setCredentialsProvider(connection.credentials()).build())) {
            List<PubsubMessage> received = new java.util.ArrayList<>();
            while (received.size() < count) {
                subscriptions.pull(ProjectSubscriptionName.of("acme-prod", subscription), count).getReceivedMessagesList()
                        .stream().map(ReceivedMessage::getMessage).forEach(received::add);
            }
            return received;
        }
    }

    private static Map<String, String> env(Container container) {
        Map<String, String> env = new HashMap<>();
        container.getEnvList().forEach(variable -> env.put(variable.getName(), variable.getValue()));
        return env;
    }
}
