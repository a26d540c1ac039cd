package dev.runway.controlplane.launch.cloudrun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.cloudrunfake.CloudRunFake;
import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * 2,000 runs due at once on a cloud-run pool, against a Cloud Run fake that refuses RunJob past its quota: the
 * launcher paces RunJob under it, runs waiting their turn stay PENDING as {@code LaunchRateLimited}, and every run
 * completes, launched once, none crashed. Each execution is a stand-in runner that claims its run and completes it
 * over HTTP with the execution's token (2,000 JVMs would not fit a test machine).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunJobBurstTest {

    private static final String KEY = "rwk_burst-admin-key";
    private static final int RUNS = 2_000;
    private static final int PER_SECOND = 60;
    private static final Duration QUOTA_WINDOW = Duration.ofSeconds(10);
    static CloudRunFake fake;
    static final ExecutorService runners = Executors.newVirtualThreadPerTaskExecutor();
    static final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        fake = new CloudRunFake();
        // Cloud Run counts its quota per minute; here per 10 s, with room for calls that travel together (launch threads
        // that wake late on a busy machine call close behind each other)
        fake.quota((int) QUOTA_WINDOW.toSeconds() * PER_SECOND * 11 / 10, QUOTA_WINDOW);
        String home = Files.createTempDirectory("runway-burst").toString();
        registry.add("runway.home", () -> home);
        registry.add("runway.auth.api-key", () -> KEY);
        registry.add("runway.api-url", () -> "http://runway-control-plane.internal:4200");
        registry.add("runway.deployments.register-on-start", () -> "false");
        registry.add("runway.dispatch.poll-interval", () -> "100ms");
        registry.add("runway.dispatch.batch-size", () -> "500");
        registry.add("runway.cloud-run.enabled", () -> "true");
        registry.add("runway.cloud-run.project", () -> "acme-prod");
        registry.add("runway.cloud-run.region", () -> "us-central1");
        registry.add("runway.cloud-run.endpoint", fake::endpoint);
        registry.add("runway.cloud-run.plaintext", () -> "true");
        registry.add("runway.cloud-run.run-jobs-per-minute", () -> Integer.toString(PER_SECOND * 60));
        registry.add("runway.cloud-run.max-rate-wait", () -> "500ms");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        runners.shutdownNow();
        fake.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    RunwayProperties runway;

    @Test
    void aBurstOfDueRunsDrainsAtTheConfiguredRateAndEveryRunCompletesOnce() throws Exception {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, KEY);
        ResultStore results = ResultStores.open(runway.resultStore());
        fake.onExecution(started -> runners.execute(() -> {
            try {
                runToCompletion(api, results, started);
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }));
        assertThat(api.put("/api/work-pools/burst", "{\"type\":\"cloud-run\",\"baseJobTemplate\":{\"image\":\"runner:1\"}}")
                .status()).isEqualTo(201);
        assertThat(api.put("/api/deployments/burst", "{\"flowName\":\"hello\",\"workPool\":\"burst\"}").status())
                .isEqualTo(201);
        // all due at the same instant, once every run exists
        Instant due = Instant.now().plusSeconds(30);

        List<String> ids = createRuns(api, due);
        assertThat(Instant.now()).as("the runs were created before they were due").isBefore(due);
        Instant started = due;

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                api.get("/api/flow-runs?deployment=burst&state=COMPLETED&limit=1").json().get("total").asLong() == RUNS);
        Duration drained = Duration.between(started, Instant.now());
        List<Instant> calls = fake.acceptedRunJobs();
        int peak = peakWithin(calls, Duration.ofSeconds(1));
        int peakPerWindow = peakWithin(calls, QUOTA_WINDOW);
        System.out.printf("burst: %d runs COMPLETED in %d ms; RunJob peak %d in a second, %d in %d s (paced at %d/s),"
                + " %d refused by the quota%n", RUNS, drained.toMillis(), peak, peakPerWindow, QUOTA_WINDOW.toSeconds(),
                PER_SECOND, fake.quotaRefusals());

        assertThat(failures).as("the stand-in runners").isEmpty();
        assertThat(api.get("/api/flow-runs?deployment=burst&state=CRASHED,FAILED&limit=1").json().get("total").asLong())
                .isZero();
        assertThat(calls).as("one execution per run").hasSize(RUNS);
        assertThat(peakPerWindow).as("RunJob calls in any %d s", QUOTA_WINDOW.toSeconds())
                .isLessThanOrEqualTo((int) QUOTA_WINDOW.toSeconds() * PER_SECOND * 11 / 10);
        assertThat(drained).as("no faster than the rate allows").isGreaterThan(Duration.ofSeconds(RUNS / PER_SECOND - 1));
        // which runs waited depends on the order they were dispatched in: look until one is found
        assertThat(ids.reversed()).as("some run waited its turn as PENDING/LaunchRateLimited")
                .anyMatch(id -> api.get("/api/flow-runs/" + id + "/states").json().get("items").valueStream()
                        .anyMatch(state -> state.get("name").asString().equals("LaunchRateLimited")));
    }

    private static List<String> createRuns(ApiClient api, Instant due) throws Exception {
        List<Future<String>> created = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < RUNS; i++) {
                created.add(clients.submit(() -> {
                    var answer = api.post("/api/deployments/burst/runs", "{\"parameters\":{\"name\":\"Ada\"},"
                            + "\"scheduledTime\":\"" + due + "\"}");
                    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
                    return answer.json().get("id").asString();
                }));
            }
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : created) {
            ids.add(id.get());
        }
        return ids;
    }

    /** What a runner does for a run that succeeds: claim it, store its result, report COMPLETED; then the task ends. */
    private static void runToCompletion(ApiClient api, ResultStore results, CloudRunFake.Started started) {
        String runId = started.env().get("RUNWAY_RUN_ID");
        int attempt = Integer.parseInt(started.env().get("RUNWAY_ATTEMPT"));
        ApiClient runner = api.withKey(started.env().get("RUNWAY_RUN_TOKEN"));
        String base = "/api/runner/flow-runs/" + runId;
        var claim = runner.post(base + "/claim", "{\"type\":\"RUNNING\",\"claimant\":\"" + started.name() + "\"}");
        boolean claimed = claim.json().get("status").asString().equals("ACCEPT");
        if (claimed) {
            String ref = results.write(new FlowRunResult(UUID.fromString(runId), attempt),
                    out -> out.write("\"Hello, Ada\"".getBytes(StandardCharsets.UTF_8)));
            var reported = runner.post(base + "/state", "{\"type\":\"COMPLETED\",\"claimant\":\"" + started.name()
                    + "\",\"resultRef\":\"" + ref + "\"}");
            assertThat(reported.json().get("status").asString()).as(reported.body()).isEqualTo("ACCEPT");
        }
        fake.complete(started.name(), true, null);
    }

    private static int peakWithin(List<Instant> calls, Duration window) {
        List<Instant> sorted = calls.stream().sorted().toList();
        int peak = 0;
        for (int first = 0, last = 0; last < sorted.size(); last++) {
            while (sorted.get(first).isBefore(sorted.get(last).minus(window))) {
                first++;
            }
            peak = Math.max(peak, last - first + 1);
        }
        return peak;
    }
}
