package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.StateProposal;
import dev.runway.model.StateType;
import dev.runway.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code --warm} as a process of its own, fed on stdin and stopped as a platform stops it, with SIGTERM
 * ({@link ProcessHandle#destroy()}: {@link Process#destroy()} would also close its stdin, which ends the inbox).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WarmRunnerProcessTest {

    @TempDir
    Path results;

    @TempDir
    Path folder;

    private Process runner;
    private FakeControlPlane controlPlane;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.destroyForcibly();
        }
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    @Test
    void anIdleWorkerExitsWithZeroAtOnce() throws Exception {
        start(8);

        Instant stopped = Instant.now();
        runner.toHandle().destroy();

        assertThat(runner.waitFor(5, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(runner.exitValue()).as(log()).isZero();
        assertThat(log()).contains("The warm worker takes no more flow runs: its inbox was closed");
    }

    @Test
    void aBusyWorkerLetsAShortFlowFinishAndReportsItBeforeExiting() throws Exception {
        UUID runId = UUID.randomUUID();
        controlPlane = new FakeControlPlane(runId, "nap", parameters("{\"name\":\"Ada\",\"times\":1500}"));
        start(8);
        send(runId);
        awaitLine("Running flow nap");

        runner.toHandle().destroy();

        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(runner.exitValue()).as(log()).isZero();
        StateProposal last = controlPlane.stateProposals().getLast();
        assertThat(last.type()).isEqualTo(StateType.COMPLETED);
    }

    @Test
    void aBusyWorkerStopsAFlowStillRunningAfterTheDrainTimeAndReportsItFailedNamingSigterm() throws Exception {
        UUID runId = UUID.randomUUID();
        controlPlane = new FakeControlPlane(runId, "waitForever", parameters("{\"name\":\"Ada\",\"times\":1}"));
        start(1);
        send(runId);
        awaitLine("Running flow waitForever");

        Instant stopped = Instant.now();
        runner.toHandle().destroy();

        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(Duration.between(stopped, Instant.now())).isLessThan(Duration.ofSeconds(4));
        StateProposal last = controlPlane.stateProposals().getLast();
        assertThat(last.type()).isEqualTo(StateType.FAILED);
        assertThat(last.message()).isEqualTo("the warm worker was stopped (SIGTERM) before the flow finished; it had 1 s "
                + "to finish (RUNWAY_DRAIN_SECONDS)");
        assertThat(controlPlane.logs()).extracting(entry -> entry.message()).contains("Interrupted, stopping");
    }

    @Test
    void aFlowThatThrowsAVirtualMachineErrorIsReportedFailedAndTheRunnerExitsWithThree() throws Exception {
        UUID runId = UUID.randomUUID();
        controlPlane = new FakeControlPlane(runId, "outOfMemory", parameters("{\"name\":\"Ada\",\"times\":1}"));
        start(8);

        send(runId);

        assertThat(runner.waitFor(10, TimeUnit.SECONDS)).as(log()).isTrue();
        assertThat(runner.exitValue()).as(log()).isEqualTo(RunnerCommand.REPLACE_ME);
        assertThat(controlPlane.stateProposals().getLast().type()).isEqualTo(StateType.FAILED);
    }

    /**
     * Starts the runner with the JVM running the tests, on their class path, and waits until it is ready. Its output
     * goes to a file: destroying a process closes the pipes to it, and its last lines would be lost.
     */
    private void start(int drainSeconds) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), RunnerApplication.class.getName(), "--warm",
                "--runway.flows.packages=dev.runway.runner.testflows")
                .redirectErrorStream(true).redirectOutput(folder.resolve("runner.log").toFile());
        builder.environment().putAll(Map.of(
                "RUNWAY_WARM_INBOX", "stdin",
                "RUNWAY_DRAIN_SECONDS", Integer.toString(drainSeconds),
                "RUNWAY_RESULT_STORE", results.toUri().toString()));
        runner = builder.start();
        awaitLine("warm worker ready");
    }

    private void send(UUID runId) throws IOException {
        String message = Json.mapper().writeValueAsString(Map.of("env", Map.of(
                "RUNWAY_API_URL", controlPlane.url().toString(),
                "RUNWAY_RUN_ID", runId.toString(),
                "RUNWAY_ATTEMPT", "1",
                "RUNWAY_RUN_TOKEN", FakeControlPlane.TOKEN)));
        OutputStream stdin = runner.getOutputStream();
        stdin.write((message + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    private void awaitLine(String text) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!log().contains(text)) {
            assertThat(runner.isAlive()).as("the runner ended before logging '%s':%n%s", text, log()).isTrue();
            assertThat(Instant.now()).as("no '%s' in 20 s:%n%s", text, log()).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    private String log() throws IOException {
        return Files.readString(folder.resolve("runner.log"));
    }

    private static ObjectNode parameters(String json) {
        return (ObjectNode) Json.mapper().readTree(json);
    }
}
