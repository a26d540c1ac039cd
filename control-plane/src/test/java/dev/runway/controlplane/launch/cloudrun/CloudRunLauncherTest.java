package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.run.v2.CancelExecutionRequest;
import com.google.cloud.run.v2.CreateJobRequest;
import com.google.cloud.run.v2.Job;
import com.google.cloud.run.v2.RunJobRequest;
import com.google.cloud.run.v2.UpdateJobRequest;
import com.google.cloud.run.v2.VpcAccess;
import dev.runway.cloudrunfake.CloudRunFake;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.controlplane.launch.LaunchRequest;
import dev.runway.controlplane.launch.RunnerVariables;
import dev.runway.controlplane.launch.LaunchUnavailableException;
import dev.runway.controlplane.store.FlowRunStore;
import dev.runway.controlplane.store.TestDatabase;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateNames;
import dev.runway.model.StateType;
import dev.runway.model.WorkPool;
import dev.runway.model.json.Json;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.node.ObjectNode;

/** The Cloud Run launcher with the real Admin v2 client, against {@link CloudRunFake} over gRPC. */
class CloudRunLauncherTest {

    private static final String JOBS = "projects/acme-prod/locations/europe-west1/jobs/";

    CloudRunFake fake;
    CloudRunClients clients;
    TestDatabase database;
    RunwayProperties runway;

    @BeforeEach
    void setUp() throws Exception {
        fake = new CloudRunFake();
        database = TestDatabase.h2();
        runway = RunwaySettings.bind(Map.of("runway.api-url", "http://10.8.0.2:4200",
                "runway.results.store", "gs://acme-results/runs"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (clients != null) {
            clients.close();
        }
        fake.close();
        database.drop();
    }

    @Test
    void aLaunchCreatesTheJobOfItsTemplateOnceAndRunsItWithTheRunsEnvironmentAsOverrides() {
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));
        WorkPool pool = pool("cloud", """
                {"image": "europe-docker.pkg.dev/acme/runway/runner:abc123", "cpu": "2", "memory": "1Gi",
                 "timeoutSeconds": 900, "vpcConnector": "projects/acme-prod/locations/europe-west1/connectors/runway",
                 "serviceAccount": "runner@acme-prod.iam.gserviceaccount.com",
                 "env": {"DATA_BUCKET": "acme-data"}, "args": ["--verbose"]}""");
        FlowRun first = run();
        FlowRun second = run();

        String firstId = launcher.launch(new LaunchRequest(first, 1, "rwr_first", pool, pool.baseJobTemplate(), false), (id, how) -> { });
        String secondId = launcher.launch(new LaunchRequest(second, 2, "rwr_second", pool, pool.baseJobTemplate(), false), (id, how) -> { });

        List<CreateJobRequest> creates = requests("CreateJob", CreateJobRequest.class);
        assertThat(creates).as("one job for the template, reused").hasSize(1);
        CreateJobRequest create = creates.getFirst();
        assertThat(create.getParent()).isEqualTo("projects/acme-prod/locations/europe-west1");
        assertThat(create.getJobId()).matches("runway-cloud-[0-9a-f]{10}");
        Job job = create.getJob();
        assertThat(job.getLabelsMap()).containsEntry("managed-by", "runway").containsEntry("runway-pool", "cloud")
                .containsKey("runway-template");
        var task = job.getTemplate().getTemplate();
        assertThat(job.getTemplate().getTaskCount()).isEqualTo(1);
        assertThat(task.getContainers(0).getImage()).isEqualTo("europe-docker.pkg.dev/acme/runway/runner:abc123");
        assertThat(task.getContainers(0).getResources().getLimitsMap()).containsEntry("cpu", "2").containsEntry("memory", "1Gi");
        assertThat(task.getTimeout().getSeconds()).isEqualTo(900);
        assertThat(task.getMaxRetries()).as("Runway retries runs itself").isZero();
        assertThat(task.getServiceAccount()).isEqualTo("runner@acme-prod.iam.gserviceaccount.com");
        assertThat(task.getVpcAccess().getEgress()).isEqualTo(VpcAccess.VpcEgress.PRIVATE_RANGES_ONLY);

        List<RunJobRequest> runs = requests("RunJob", RunJobRequest.class);
        assertThat(runs).hasSize(2).allSatisfy(call -> assertThat(call.getName()).isEqualTo(JOBS + create.getJobId()));
        RunJobRequest.Overrides overrides = runs.getFirst().getOverrides();
        assertThat(overrides.getTaskCount()).isEqualTo(1);
        assertThat(overrides.getTimeout().getSeconds()).isEqualTo(900);
        var container = overrides.getContainerOverrides(0);
        assertThat(container.getName()).isEqualTo("runner");
        assertThat(container.getArgsList()).containsExactly("--verbose");
        Map<String, String> env = new java.util.HashMap<>();
        container.getEnvList().forEach(variable -> env.put(variable.getName(), variable.getValue()));
        assertThat(env).containsEntry("RUNWAY_RUN_ID", first.id().toString())
                .containsEntry("RUNWAY_RUN_TOKEN", "rwr_first")
                .containsEntry("RUNWAY_ATTEMPT", "1")
                .containsEntry("RUNWAY_API_URL", "http://10.8.0.2:4200")
                .containsEntry("RUNWAY_RESULT_STORE", "gs://acme-results/runs")
                .containsEntry("DATA_BUCKET", "acme-data");
        assertThat(firstId).isEqualTo("cloud-run:" + fake.executions().get(0).getName());
        assertThat(secondId).isEqualTo("cloud-run:" + fake.executions().get(1).getName()).isNotEqualTo(firstId);
    }

    @Test
    void anotherImageIsAnotherJobAndANamedJobIsUpdatedToItsTemplate() {
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));

        launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (id, how) -> { });
        launcher.launch(request(pool("cloud", "{\"image\": \"runner:2\"}")), (id, how) -> { });
        assertThat(fake.jobs()).hasSize(2);

        launcher.launch(request(pool("named", "{\"image\": \"runner:1\", \"job\": \"etl-runner\"}")), (id, how) -> { });
        launcher.launch(request(pool("named", "{\"image\": \"runner:2\", \"job\": \"etl-runner\"}")), (id, how) -> { });

        assertThat(fake.jobs()).hasSize(3);
        assertThat(fake.jobs().get(JOBS + "etl-runner").getTemplate().getTemplate().getContainers(0).getImage())
                .isEqualTo("runner:2");
        assertThat(requests("UpdateJob", UpdateJobRequest.class)).singleElement()
                .satisfies(update -> assertThat(update.getJob().getName()).isEqualTo(JOBS + "etl-runner"));
    }

    @Test
    void aJobRunwayMadeBeforeARestartIsReusedAsItIs() {
        WorkPool pool = pool("cloud", "{\"image\": \"runner:1\"}");
        launcher(properties(600, Duration.ofSeconds(5), 3)).launch(request(pool), (id, how) -> { });
        clients.close();

        launcher(properties(600, Duration.ofSeconds(5), 3)).launch(request(pool), (id, how) -> { });

        assertThat(requests("CreateJob", CreateJobRequest.class)).hasSize(1);
        assertThat(requests("UpdateJob", UpdateJobRequest.class)).isEmpty();
        assertThat(fake.executions()).hasSize(2);
    }

    @Test
    void unavailableThenSuccessStartsExactlyOneExecution() {
        fake.failNextRunJob(new CloudRunFake.Fault(Status.Code.UNAVAILABLE, false));
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));

        String id = launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { });

        assertThat(requests("RunJob", RunJobRequest.class)).hasSize(2);
        assertThat(fake.executions()).singleElement()
                .satisfies(execution -> assertThat(id).isEqualTo("cloud-run:" + execution.getName()));
    }

    @Test
    void aLostResponseAfterRunJobStartedAnExecutionFindsItInsteadOfStartingASecond() {
        fake.failNextRunJob(new CloudRunFake.Fault(Status.Code.DEADLINE_EXCEEDED, true));
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));
        LaunchRequest request = request(pool("cloud", "{\"image\": \"runner:1\"}"));

        String id = launcher.launch(request, (i, how) -> { });

        assertThat(requests("RunJob", RunJobRequest.class)).as("not called again").hasSize(1);
        assertThat(fake.executions()).singleElement().satisfies(execution -> {
            assertThat(id).isEqualTo("cloud-run:" + execution.getName());
            assertThat(CloudRunFake.env(execution)).containsEntry("RUNWAY_RUN_ID", request.run().id().toString());
        });
    }

    @Test
    void aLaunchTakingOverFromADeadControlPlaneUsesTheExecutionItHadStarted() {
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));
        WorkPool pool = pool("cloud", "{\"image\": \"runner:1\"}");
        LaunchRequest first = request(pool);
        String started = launcher.launch(first, (i, how) -> { });

        String takenOver = launcher.launch(new LaunchRequest(first.run(), 1, "rwr_token", pool, pool.baseJobTemplate(),
                true), (i, how) -> { });

        assertThat(takenOver).isEqualTo(started);
        assertThat(fake.executions()).hasSize(1);
        assertThat(requests("RunJob", RunJobRequest.class)).hasSize(1);
    }

    @Test
    void answersLostOnEveryTryLeaveTheAttemptToALaunchThatLooksFirst() {
        fake.failNextRunJob(new CloudRunFake.Fault(Status.Code.UNAVAILABLE, false),
                new CloudRunFake.Fault(Status.Code.UNAVAILABLE, false));
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 2));

        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e ->
                        assertThat(e.mayHaveStarted()).as("an execution may appear later").isTrue());
    }

    @Test
    void aQuotaThatStaysExhaustedHandsTheRunBackToWaitWithoutStartingAnything() {
        fake.failNextRunJob(new CloudRunFake.Fault(Status.Code.RESOURCE_EXHAUSTED, false),
                new CloudRunFake.Fault(Status.Code.RESOURCE_EXHAUSTED, false));
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 2));

        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e -> {
                    assertThat(e.stateName()).isEqualTo(StateNames.INFRASTRUCTURE_PENDING);
                    assertThat(e.getMessage()).contains("RESOURCE_EXHAUSTED");
                    assertThat(e.mayHaveStarted()).as("Cloud Run said no: nothing started").isFalse();
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                });
        assertThat(fake.executions()).isEmpty();
    }

    @Test
    void aRefusalThatWillNotPassIsAnErrorThatSaysWhat() {
        fake.failNextRunJob(new CloudRunFake.Fault(Status.Code.PERMISSION_DENIED, false));
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));

        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { }))
                .isNotInstanceOf(LaunchUnavailableException.class)
                .hasMessageContaining("Cloud Run refused to run job").hasMessageContaining("PERMISSION_DENIED");
        assertThat(requests("RunJob", RunJobRequest.class)).hasSize(1);
    }

    @Test
    void runJobIsPacedAndARunWhoseTurnIsFarOffIsToldWhenToComeBack() {
        CloudRunLauncher launcher = launcher(properties(60, Duration.ZERO, 3));
        WorkPool pool = pool("cloud", "{\"image\": \"runner:1\"}");

        launcher.launch(request(pool), (i, how) -> { });

        assertThatThrownBy(() -> launcher.launch(request(pool), (i, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e -> {
                    assertThat(e.stateName()).isEqualTo(StateNames.LAUNCH_RATE_LIMITED);
                    assertThat(e.getMessage()).contains("60 per minute");
                    assertThat(e.retryAfter()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
                });
        assertThatThrownBy(() -> launcher.launch(request(pool), (i, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e ->
                        assertThat(e.retryAfter()).as("behind the one told before").isGreaterThan(Duration.ofMillis(1500)));
        assertThat(fake.executions()).hasSize(1);
    }

    @Test
    void aTemplateWithoutAnImageOrWithAnUnknownFieldIsRefusedNamingTheField() {
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));

        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"cpu\": \"1\"}")), (i, how) -> { }))
                .hasMessageContaining("'image' is missing");
        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"r\", \"imgae\": \"r\"}")), (i, how) -> { }))
                .hasMessageContaining("'imgae' is unknown");
        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"r\", \"env\": {\"RUNWAY_RUN_ID\": \"x\"}}")),
                (i, how) -> { })).hasMessageContaining("RUNWAY_* variables are set by Runway");
        assertThat(fake.jobs()).isEmpty();
    }

    @Test
    void stopCancelsTheExecution() {
        CloudRunLauncher launcher = launcher(properties(600, Duration.ofSeconds(5), 3));
        String id = launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { });

        launcher.stop(id);
        launcher.stop("process:123:456");

        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(requests("CancelExecution",
                CancelExecutionRequest.class)).singleElement()
                .satisfies(cancel -> assertThat("cloud-run:" + cancel.getName()).isEqualTo(id)));
        assertThat(fake.executions().getFirst().getCancelledCount()).isEqualTo(1);
    }

    @Test
    void pastTheInFlightCapARunWaitsForASlotWithoutCallingCloudRun() {
        CloudRunProperties properties = properties(600, Duration.ofSeconds(5), 3);
        properties = new CloudRunProperties(true, properties.project(), properties.region(), properties.endpoint(), true,
                "runway", 600, Duration.ofSeconds(5), 2, 3, Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(5));
        // this run's own reservation and two executions in flight
        CloudRunLauncher launcher = launcher(properties, new FlowRunStore(JdbcClient.create(database.dataSource())) {
            @Override
            public long countLaunchedOrReserved(String poolType) {
                return poolType.equals("cloud-run") ? 3 : 0;
            }
        });

        assertThatThrownBy(() -> launcher.launch(request(pool("cloud", "{\"image\": \"runner:1\"}")), (i, how) -> { }))
                .isInstanceOfSatisfying(LaunchUnavailableException.class, e -> {
                    assertThat(e.stateName()).isEqualTo(StateNames.AWAITING_INFRASTRUCTURE_SLOT);
                    assertThat(e.getMessage()).contains("2 Cloud Run executions").contains("max-in-flight");
                });
        assertThat(fake.requests("RunJob")).isEmpty();
    }

    private CloudRunLauncher launcher(CloudRunProperties properties) {
        return launcher(properties, new FlowRunStore(JdbcClient.create(database.dataSource())));
    }

    private CloudRunLauncher launcher(CloudRunProperties properties, FlowRunStore runs) {
        clients = CloudRunClients.of(properties);
        return new CloudRunLauncher(clients, new CloudRunJobs(clients, properties),
                new RunJobPacer(properties.runJobsPerMinute(), properties.maxRateWait(), Clock.systemUTC()), properties,
                runway, new RunnerVariables(runway, new MockEnvironment()), runs);
    }

    CloudRunProperties properties(int perMinute, Duration maxRateWait, int attempts) {
        return properties(fake, perMinute, maxRateWait, attempts);
    }

    /** Settings for project acme-prod in europe-west1, talking to {@code fake}. */
    static CloudRunProperties properties(CloudRunFake fake, int perMinute, Duration maxRateWait, int attempts) {
        return new CloudRunProperties(true, "acme-prod", "europe-west1", fake.endpoint(), true, "runway", perMinute,
                maxRateWait, 1000, attempts, Duration.ofMillis(50), Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
    }

    private <T> List<T> requests(String method, Class<T> type) {
        return fake.requests(method).stream().map(type::cast).toList();
    }

    private static LaunchRequest request(WorkPool pool) {
        return new LaunchRequest(run(), 1, "rwr_token", pool, pool.baseJobTemplate(), false);
    }

    static WorkPool pool(String name, String template) {
        return new WorkPool(name, "cloud-run", (ObjectNode) Json.mapper().readTree(template), null, false, 0, 0,
                Instant.EPOCH, Instant.EPOCH);
    }

    static FlowRun run() {
        return new FlowRun(UUID.randomUUID(), "run", UUID.randomUUID(), "hello", "hello", null,
                State.of(StateType.PENDING, Instant.now()), 1, 0, 0, null, null, null, null, null, null, "manual",
                List.of(), Instant.now(), Instant.now());
    }
}
