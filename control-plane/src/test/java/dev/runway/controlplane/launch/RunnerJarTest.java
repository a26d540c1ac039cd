package dev.runway.controlplane.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real runner jar as the control plane installs it: unpacked and trained once per version, then started with its cache. */
class RunnerJarTest {

    private static final Path RUNNER_JAR = Path.of("..", "functions", "target", "runway-runner.jar").toAbsolutePath().normalize();
    private static final String CACHE_OPTION = Runtime.version().feature() >= 25 ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";

    @TempDir
    Path home;

    @BeforeAll
    static void runnerJarIsBuilt() {
        assertThat(RUNNER_JAR).as("the runner jar, built by the functions module before this one (./mvnw verify)")
                .isRegularFile();
    }

    @Test
    void runnersMapTheStartUpCacheThatTheFirstStartOfTheirVersionRecordedInTheBackground() throws Exception {
        RunnerJar runnerJar = runnerJar();
        List<String> first = runnerJar.command(List.of("--describe"));
        assertThat(first).as("the first runner, started while the cache is recorded")
                .noneMatch(option -> option.startsWith(CACHE_OPTION));
        List<String> trained = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> runnerJar.command(List.of("--describe")),
                        command -> command.stream().anyMatch(option -> option.startsWith(CACHE_OPTION)));
        runnerJar.stop();
        Path cache = Path.of(cacheOption(trained).substring(CACHE_OPTION.length()));
        assertThat(cache).isRegularFile().hasParent(Path.of(first.get(first.indexOf("-jar") + 1)).getParent());
        FileTime recorded = Files.getLastModifiedTime(cache);

        // a control plane started again finds the cache of the version it unpacked before, and trains no more
        List<String> again = runnerJar().command(List.of("--describe"));

        assertThat(cacheOption(again)).isEqualTo(cacheOption(trained));
        assertThat(Files.getLastModifiedTime(cache)).isEqualTo(recorded);
        Process runner = new ProcessBuilder(again).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String warnings = new String(runner.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(runner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(runner.exitValue()).as(warnings).isZero();
        assertThat(warnings).as("the JVM's complaints about the cache, if it could not map it").doesNotContain("[aot]", "[cds]");
    }

    private RunnerJar runnerJar() {
        RunwayProperties properties = RunwaySettings.bind(home, Map.of("runway.launcher.runner-jar", RUNNER_JAR.toString()));
        return new RunnerJar(properties, new RunnerEnvironment(System.getenv(), properties.launcher().env()));
    }

    private static String cacheOption(List<String> command) {
        return command.stream().filter(option -> option.startsWith(CACHE_OPTION)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + CACHE_OPTION + " in " + command));
    }
}
