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
        env.put("RUNWAY_RESULT_STORE", "gs://bucket/results");

        assertThatThrownBy(() -> RunSettings.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("gs://bucket/results is not supported");
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
        env.put("RUNWAY_RESULT_STORE", folder.toUri().toString());
        return env;
    }
}
