package dev.runway.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import dev.runway.gcs.GcsResultStore;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** runway.results.store picks the result store by its URI's scheme. */
class ResultStoreSettingTest {

    @TempDir
    Path home;

    @Test
    void byDefaultResultsAreFilesInTheHome() {
        ResultStore store = resultStore(Map.of());
        UUID run = UUID.randomUUID();

        String ref = store.write(new FlowRunResult(run, 1), out -> out.write('1'));

        assertThat(Path.of(URI.create(ref))).isEqualTo(home.resolve("results").resolve(run + "/1.json"));
    }

    @Test
    void aGsUriKeepsThemInABucket() {
        assertThat(resultStore(Map.of("runway.results.store", "gs://runway-results/prod?endpoint=http://127.0.0.1:4443")))
                .isInstanceOf(GcsResultStore.class);
    }

    @Test
    void anUnknownStoreStopsTheStartNamingTheSettingAndTheStoresThereAre() {
        assertThatThrownBy(() -> resultStore(Map.of("runway.results.store", "s3://bucket/results")))
                .hasMessageStartingWith("runway.results.store: no result store answers s3://bucket/results; supported: ")
                .hasMessageContaining("file:///absolute/folder/")
                .hasMessageContaining("gs://bucket/prefix");
    }

    private ResultStore resultStore(Map<String, String> settings) {
        RunwayProperties properties = RunwaySettings.bind(home, settings);
        return new ControlPlaneApplication().resultStore(properties);
    }
}
