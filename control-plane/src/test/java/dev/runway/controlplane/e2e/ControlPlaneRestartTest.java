package dev.runway.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.api.ApiClient;
import dev.runway.controlplane.api.ApiClient.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code kill -9} of the control plane at the worst moment, on its default embedded database: what it
 * acknowledged is still there after a restart, runs that were RUNNING finish without being declared
 * crashed although the outage outlasted the heartbeat timeout, and runs created just before the kill
 * are dispatched, launched and completed.
 */
class ControlPlaneRestartTest {

    private static final String KEY = "rwk_restart-admin-key";
    private static final Path RUNNER_JAR = Path.of("..", "functions", "target", "runway-runner.jar").toAbsolutePath().normalize();
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path home;

    @BeforeAll
    static void runnerJarIsBuilt() {
        assertThat(RUNNER_JAR).as("the runner jar, built by the functions module before this one").isRegularFile();
    }

    @Test
    void killingTheControlPlaneLosesNothingAndCrashesNoWorkingRun() throws Exception {
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home, Map.of(
                "runway.auth.api-key", KEY,
                "runway.launcher.runner-jar", RUNNER_JAR.toString(),
                "runway.launcher.heartbeat-seconds", "1",
                "runway.crash.heartbeat-timeout", "4s",
                "runway.crash.check-interval", "1s",
                "runway.dispatch.poll-interval", "500ms",
                "runway.dispatch.redeliver-after", "3s"))) {
            ApiClient api = controlPlane.start().api(KEY);
            String sleeping = start(api, "sleep", "{\"parameters\":{\"seconds\":8}}");
            awaitState(api, sleeping, "RUNNING");

            String tomorrow = Instant.now().plus(Duration.ofDays(1)).toString();
            List<String> acknowledged = createFourAtATime(api, 20,
                    "{\"parameters\":{\"name\":\"Ada\"},\"scheduledTime\":\"" + tomorrow + "\"}");
            List<String> justCreated = createFourAtATime(api, 4, "{\"parameters\":{\"name\":\"Grace\"}}");
            controlPlane.kill();

            Thread.sleep(6_000); // longer than the heartbeat timeout: the runner is silent for the control plane
            controlPlane.start();

            for (String id : acknowledged) {
                Answer run = api.get("/api/flow-runs/" + id);
                assertThat(run.status()).as("run %s was acknowledged with 201 before the kill", id).isEqualTo(200);
                assertThat(run.json().get("state").get("type").asString()).isEqualTo("SCHEDULED");
            }
            for (String id : justCreated) {
                assertThat(awaitEnd(api, id).get("state").get("type").asString()).as("run %s", id).isEqualTo("COMPLETED");
            }
            JsonNode slept = awaitEnd(api, sleeping);
            assertThat(slept.get("state").get("type").asString()).isEqualTo("COMPLETED");
            assertThat(api.get("/api/flow-runs/" + sleeping + "/states").body()).doesNotContain("CRASHED");
        }
    }

    private static List<String> createFourAtATime(ApiClient api, int count, String body) throws Exception {
        List<String> ids = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(4)) {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                answers.add(clients.submit(() -> api.post("/api/deployments/hello/runs", body)));
            }
            for (Future<Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(201);
                ids.add(answer.get().json().get("id").asString());
            }
        }
        return ids;
    }

    private static String start(ApiClient api, String deployment, String body) {
        Answer created = api.post("/api/deployments/" + deployment + "/runs", body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static void awaitState(ApiClient api, String id, String type) {
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                api.get("/api/flow-runs/" + id).json().get("state").get("type").asString().equals(type));
    }

    private static JsonNode awaitEnd(ApiClient api, String id) {
        return await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/flow-runs/" + id).json(), run -> run.get("endTime") != null
                        && !run.get("endTime").isNull());
    }
}
