package dev.runway.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStoreContract;
import dev.runway.model.result.ResultStores;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real HTTP client, found through the store URI, pointed at a local endpoint that answers the few JSON API
 * calls a result needs (a resumable upload, a metadata lookup, a media download): what it asks and how, and that
 * every key's object name travels there and back as it is.
 */
class GcsOverHttpTest extends ResultStoreContract {

    private final GcsHttpFake gcs;
    private final ResultStore store;

    GcsOverHttpTest() throws IOException {
        gcs = new GcsHttpFake();
        store = ResultStores.open(URI.create("gs://runway-results/prod?endpoint=" + gcs.endpoint()));
    }

    @AfterEach
    void stop() {
        gcs.close();
    }

    @Override
    protected ResultStore store() {
        return store;
    }

    @Override
    protected Optional<String> storedAt(String path) {
        return gcs.object("runway-results", "prod/" + path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    protected void putAt(String path, String content) {
        gcs.put("runway-results", "prod/" + path, content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String refTo(String path) {
        return "gs://runway-results/prod/" + path;
    }

    @Test
    void writesAndReadsThroughTheEndpointInTheUriWithoutCredentials() throws IOException {
        UUID run = UUID.randomUUID();

        String ref = store.write(new FlowRunResult(run, 1),
                out -> out.write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));

        assertThat(ref).isEqualTo("gs://runway-results/prod/" + run + "/1.json");
        byte[] stored = gcs.object("runway-results", "prod/" + run + "/1.json").orElseThrow();
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        try (InputStream in = store.read(ref).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(stored);
        }
        assertThat(store.read("gs://runway-results/prod/" + UUID.randomUUID() + "/1.json")).isEmpty();
        assertThat(gcs.requests()).allSatisfy(request -> assertThat(request).doesNotContain("authorization"))
                .anySatisfy(request -> assertThat(request).startsWith("POST /upload/storage/v1/b/runway-results/o")
                        .contains("uploadType=resumable"));
    }
}
