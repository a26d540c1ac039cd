package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.result.LocalFolderResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {

    @TempDir
    Path folder;

    private final UUID runId = UUID.randomUUID();

    @Test
    void readsTheLaunchersEnvironment() {
        RunSettings settings = RunSettings.fromEnvironment(environment());

        assertThat(settings.apiUrl()).hasToString("http://127.0.0.1:4200");
        assertThat(settings.runId()).isEqualTo(runId);
        assertThat(settings.token()).isEqualTo("secret");
        assertThat(settings.resultStore()).isInstanceOf(LocalFolderResultStore.class);
        assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.attempt()).isEqualTo(2);
        assertThat(settings.limits().maxLogLines()).isEqualTo(100_000);
        assertThat(settings.limits().maxResultBytes()).isEqualTo(10 * 1024 * 1024);
    }

    @Test
    void takesTheLimitsTheControlPlaneSets() {
        Map<String, String> env = environment();
        env.put("RUNWAY_LOG_MAX_LINES", "1000");
        env.put("RUNWAY_RESULT_MAX_BYTES", "2048");

        assertThat(RunSettings.fromEnvironment(env).limits()).isEqualTo(new RunLimits(1000, 2048));
    }

    @Test
    void refusesALimitThatIsNotAPositiveWholeNumber() {
        Map<String, String> env = environment();
        env.put("RUNWAY_LOG_MAX_LINES", "lots");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .hasMessage("RUNWAY_LOG_MAX_LINES must be a whole number, got 'lots'");
        env.put("RUNWAY_LOG_MAX_LINES", "10");
        env.put("RUNWAY_RESULT_MAX_BYTES", "0");
        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .hasMessageStartingWith("RUNWAY_RESULT_MAX_BYTES must be from 1 to");
    }

    @Test
    void needsTheAttemptItWasStartedFor() {
        Map<String, String> env = environment();
        env.remove("RUNWAY_ATTEMPT");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env)).hasMessageStartingWith("RUNWAY_ATTEMPT is not set");
    }

    @Test
    void takesTheHeartbeatInterval() {
        Map<String, String> env = environment();
        env.put("RUNWAY_HEARTBEAT_SECONDS", "2");

        assertThat(RunSettings.fromEnvironment(env).heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void namesTheMissingVariable() {
        Map<String, String> env = environment();
        env.remove("RUNWAY_RUN_TOKEN");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("RUNWAY_RUN_TOKEN is not set");
    }

    @Test
    void refusesAResultStoreItCannotWriteTo() {
        Map<String, String> env = environment();
        env.put("RUNWAY_RESULT_STORE", "s3://bucket/results");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("RUNWAY_RESULT_STORE: no result store answers s3://bucket/results; supported: "
                        + "file:///absolute/folder/");
        env.put("RUNWAY_RESULT_STORE", "file:relative/results");
        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("a local result store is a folder as file:///absolute/folder/");
    }

    @Test
    void refusesARunIdThatIsNotAUuid() {
        Map<String, String> env = environment();
        env.put("RUNWAY_RUN_ID", "42");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env)).hasMessage("RUNWAY_RUN_ID must be a UUID, got '42'");
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("RUNWAY_API_URL", "http://127.0.0.1:4200");
        env.put("RUNWAY_RUN_ID", runId.toString());
        env.put("RUNWAY_RUN_TOKEN", "secret");
        env.put("RUNWAY_ATTEMPT", "2");
        env.put("RUNWAY_RESULT_STORE", folder.toUri().toString());
        return env;
    }
}
