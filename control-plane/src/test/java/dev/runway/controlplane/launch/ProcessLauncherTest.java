package dev.runway.controlplane.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.model.FlowRun;
import dev.runway.model.State;
import dev.runway.model.StateType;
import dev.runway.model.WorkPool;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.node.ObjectNode;

/** The real process launcher starting real child processes: what a runner sees, and what stop may stop. */
class ProcessLauncherTest {

    private static final WorkPool LOCAL_POOL = new WorkPool("local", "process", null, null, false, 0, 0, Instant.EPOCH,
            Instant.EPOCH);

    private static final long EXIT_TIMEOUT_SECONDS = 60;

    /** The control plane's own environment, as a server might have it. */
    private static final Map<String, String> HOST = Map.of(
            "PATH", System.getenv("PATH"),
            "HOME", "/home/runway",
            "LANG", "C.UTF-8",
            "LC_ALL", "C.UTF-8",
            "RUNWAY_AUTH_API_KEY", "rwk_the-servers-admin-key",
            "SPRING_DATASOURCE_PASSWORD", "the-database-password",
            "AWS_SECRET_ACCESS_KEY", "a-cloud-secret",
            "JAVA_TOOL_OPTIONS", "-Dserver.only=true");

    @TempDir
    static Path build;

    static Path runnerJar;

    @TempDir
    Path home;

    FlowRun run;

    @BeforeAll
    static void buildRunner() throws IOException {
        runnerJar = EnvPrintingRunnerJar.build(build);
    }

    @BeforeEach
    void setUp() {
        run = new FlowRun(UUID.randomUUID(), "run", UUID.randomUUID(), "hello", "hello", null,
                State.of(StateType.PENDING, Instant.now()), 1, 0, 0, null, null, null, null, null, null, "manual",
                List.of(), Instant.now(), Instant.now());
    }

    @Test
    void aRunnerSeesItsRunAndItsWorkPoolsVariablesButNothingElseOfTheControlPlanesEnvironment() throws Exception {
        ProcessLauncher launcher = launcher(Map.of(
                "runway.launcher.env[POOL_SETTING]", "from-the-pool",
                "runway.launcher.env[RUNWAY_RUN_ID]", "an attempt to pose as another run"));

        String exit = launchAndAwaitExit(launcher);

        assertThat(exit).contains("exited with code 0");
        Map<String, String> seen = environmentIn(runLog());
        assertThat(seen).containsEntry("POOL_SETTING", "from-the-pool")
                .containsEntry("RUNWAY_RUN_ID", run.id().toString())
                .containsEntry("RUNWAY_RUN_TOKEN", "rwr_token-of-this-attempt")
                .containsEntry("PATH", System.getenv("PATH"))
                .containsEntry("LC_ALL", "C.UTF-8");
        assertThat(seen.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "LC_ALL", "POOL_SETTING",
                "RUNWAY_API_URL", "RUNWAY_RUN_ID", "RUNWAY_RUN_TOKEN", "RUNWAY_RESULT_STORE", "RUNWAY_HEARTBEAT_SECONDS",
                "RUNWAY_ATTEMPT", "RUNWAY_LOG_MAX_LINES", "RUNWAY_RESULT_MAX_BYTES");
    }

    @Test
    void aRunnerGetsItsJobTemplatesEnvOverTheLaunchersButNeverOverItsRunsVariables() throws Exception {
        ProcessLauncher launcher = launcher(Map.of(
                "runway.launcher.env[HTTPS_PROXY]", "http://proxy:3128",
                "runway.launcher.env[LOG_LEVEL]", "info"));

        launchAndAwaitExit(launcher, """
                {"image":"ignored-here","memory":"2Gi",
                 "env":{"LOG_LEVEL":"debug","SOURCE":"s3://sales","RUNWAY_RUN_TOKEN":"a token of its own"}}""");

        assertThat(environmentIn(runLog())).containsEntry("HTTPS_PROXY", "http://proxy:3128")
                .containsEntry("LOG_LEVEL", "debug")
                .containsEntry("SOURCE", "s3://sales")
                .containsEntry("RUNWAY_RUN_TOKEN", "rwr_token-of-this-attempt")
                .doesNotContainKeys("image", "memory");
    }

    @Test
    void aJobTemplateWhoseEnvIsNotStringsStartsNoRunner() {
        ProcessLauncher launcher = launcher(Map.of());
        LaunchRequest request = new LaunchRequest(run, 1, "rwr_token", LOCAL_POOL,
                (ObjectNode) Json.mapper().readTree("{\"env\":{\"ROWS\":10}}"), false);

        assertThatThrownBy(() -> launcher.launch(request, (infrastructure, how) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("jobTemplate.env.ROWS must be a string");
    }

    @Test
    void aRunnerWritesItsResultToTheConfiguredStore() throws Exception {
        launchAndAwaitExit(launcher(Map.of("runway.results.store", "gs://runway-results/prod")));

        assertThat(environmentIn(runLog())).containsEntry("RUNWAY_RESULT_STORE", "gs://runway-results/prod");
    }

    @Test
    void eachRunLogIsReadableByItsOwnerOnly() throws Exception {
        launchAndAwaitExit(launcher(Map.of()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runLog()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runLog().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void aRunnerItLaunchedIsStoppedByItsId() throws Exception {
        ProcessLauncher launcher = launcher(Map.of("runway.launcher.env[TEST_SLEEP_SECONDS]", "300"));
        CompletableFuture<String> exit = new CompletableFuture<>();
        String id = launcher.launch(new LaunchRequest(run, 1, "rwr_token", LOCAL_POOL, Json.mapper().createObjectNode(), false),
                (infrastructure, how) -> exit.complete(how));
        assertThat(id).matches("process:\\d+:\\d+");

        launcher.stop(id);

        assertThat(exit.get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).contains("killed");
    }

    @Test
    void aRecordedPidThatNowBelongsToAnotherProcessIsLeftAlone() throws Exception {
        ProcessLauncher launcher = launcher(Map.of());
        Process other = new ProcessBuilder("sleep", "300").start();
        long started = other.toHandle().info().startInstant().orElseThrow().toEpochMilli();

        launcher.stop("process:" + other.pid() + ":" + (started - 60_000)); // a runner that had this pid before
        launcher.stop("process:" + other.pid());                          // an id written before start times were
        launcher.stop("process:" + other.pid() + ":" + started);           // the right start, but not the runner jar

        other.destroyForcibly();
        assertThat(other.waitFor(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // killed by our SIGKILL, not by a SIGTERM from stop before it (that would be exit code 143)
        assertThat(other.exitValue()).isEqualTo(137);
    }

    private String launchAndAwaitExit(ProcessLauncher launcher) throws Exception {
        return launchAndAwaitExit(launcher, "{}");
    }

    private String launchAndAwaitExit(ProcessLauncher launcher, String jobTemplate) throws Exception {
        CompletableFuture<String> exit = new CompletableFuture<>();
        launcher.launch(new LaunchRequest(run, 1, "rwr_token-of-this-attempt", LOCAL_POOL,
                        (ObjectNode) Json.mapper().readTree(jobTemplate), false), (infrastructure, how) -> exit.complete(how));
        return exit.get(EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private ProcessLauncher launcher(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("runway.api-url", "http://127.0.0.1:9");
        all.put("runway.launcher.runner-jar", runnerJar.toString());
        RunwayProperties properties = RunwaySettings.bind(home, all);
        RunnerEnvironment environment = new RunnerEnvironment(HOST, properties.launcher().env());
        return new ProcessLauncher(properties, new RunnerJar(properties, environment), environment,
                new RunnerVariables(properties, new MockEnvironment()));
    }

    private Path runLog() {
        return home.resolve("runs").resolve(run.id() + "-1.log");
    }

    private static Map<String, String> environmentIn(Path log) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            if (line.equals(EnvPrintingRunnerJar.END)) {
                return variables;
            }
            int equals = line.indexOf('=');
            variables.put(equals < 0 ? line : line.substring(0, equals), equals < 0 ? "" : line.substring(equals + 1));
        }
        throw new AssertionError("the runner did not print its environment: " + Files.readString(log));
    }
}
