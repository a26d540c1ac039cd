package dev.runway.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.runway.model.result.ResultKey.CacheEntry;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultKey.TaskRunResult;
import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStoreContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The adapter against Google's in-memory Storage. */
class GcsResultStoreTest extends ResultStoreContract {

    private final Storage storage = LocalStorageHelper.getOptions().getService();
    private final ResultStore store = new GcsResultStore(storage, "runway-results", "prod/results");
    private final UUID run = UUID.randomUUID();
    private final FlowRunResult first = new FlowRunResult(run, 1);

    @Override
    protected ResultStore store() {
        return store;
    }

    @Override
    protected Optional<String> storedAt(String path) {
        try {
            return Optional.of(new String(storage.readAllBytes(BlobId.of("runway-results", "prod/results/" + path)),
                    StandardCharsets.UTF_8));
        } catch (StorageException e) {
            // Google's in-memory fake keeps the name of an upload never finished, but no content: nothing is stored.
            return Optional.empty();
        }
    }

    @Override
    protected void putAt(String path, String content) {
        storage.create(BlobInfo.newBuilder("runway-results", "prod/results/" + path).build(),
                content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected String refTo(String path) {
        return "gs://runway-results/prod/results/" + path;
    }

    @Test
    void writesEachAttemptAsAJsonObjectUnderItsRunAndReadsItBack() throws IOException {
        String winner = store.write(new FlowRunResult(run, 2), json("{\"by\":\"attempt 2\"}"));
        String stale = store.write(first, json("{\"by\":\"attempt 1\"}"));

        assertThat(winner).isEqualTo("gs://runway-results/prod/results/" + run + "/2.json");
        assertThat(text(winner)).isEqualTo("{\"by\":\"attempt 2\"}");
        assertThat(text(stale)).isEqualTo("{\"by\":\"attempt 1\"}");
        Blob blob = storage.get(BlobId.of("runway-results", "prod/results/" + run + "/2.json"));
        assertThat(blob.getContentType()).isEqualTo("application/json");
    }

    @Test
    void streamsALargeResultBothWays() throws IOException, NoSuchAlgorithmException {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'x');
        int pieces = 20 * 16;
        MessageDigest written = MessageDigest.getInstance("SHA-256");

        String ref = store.write(first, out -> {
            for (int i = 0; i < pieces; i++) {
                piece[0] = (byte) ('a' + i % 26);
                written.update(piece);
                out.write(piece);
            }
        });

        MessageDigest read = MessageDigest.getInstance("SHA-256");
        long size;
        try (InputStream in = new DigestInputStream(store.read(ref).orElseThrow(), read)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        assertThat(size).isEqualTo(20L * 1024 * 1024);
        assertThat(read.digest()).isEqualTo(written.digest());
    }

    @Test
    void storesNothingWhenTheContentFailsEvenAfterClosingTheStream() {
        assertThatThrownBy(() -> store.write(first, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            out.close();
            throw new IllegalStateException("over the limit");
        })).hasMessage("over the limit");

        // The upload was never finished. GCS makes an object only then; Google's in-memory fake records the object's
        // name when the upload starts but its content, too, only when it finishes.
        assertThatThrownBy(() -> storage.readAllBytes(BlobId.of("runway-results", "prod/results/" + run + "/1.json")))
                .isInstanceOf(StorageException.class);
    }

    @Test
    void aReferenceBelongsOnlyToTheRunAndAttemptThatWroteIt() {
        String mine = store.write(first, json("{}"));
        UUID other = UUID.randomUUID();

        assertThat(store.isRefOf(mine, first)).isTrue();
        assertThat(store.isRefOf("gs://other-bucket/prod/results/" + run + "/1.json", first)).isFalse();
        assertThat(store.isRefOf("gs://runway-results/test/results/" + run + "/1.json", first)).isFalse();
        assertThat(store.isRefOf("gs://runway-results/prod/results/" + other + "/../" + run + "/1.json", first))
                .as("a path through ..").isFalse();
        assertThat(store.isRefOf("gs://runway-results/prod/results/" + run + "/01.json", first)).isFalse();
        assertThat(store.isRefOf("GS://runway-results/prod/results/" + run + "/1.json", first)).isFalse();
        assertThat(store.isRefOf("file:///prod/results/" + run + "/1.json", first)).isFalse();
    }

    @Test
    void everyKindOfKeyIsAJsonObject() {
        store.write(new TaskRunResult(first, "extract"), json("{}"));
        store.write(new CacheEntry("daily"), json("{}"));

        assertThat(storage.get(BlobId.of("runway-results", "prod/results/" + run + "/1/tasks/extract.json"))
                .getContentType()).isEqualTo("application/json");
        assertThat(storage.get(BlobId.of("runway-results", "prod/results/cache/daily.json")).getContentType())
                .isEqualTo("application/json");
    }

    @Test
    void readsNothingOutsideItsBucketAndPrefix() {
        store.write(first, json("{}"));
        new GcsResultStore(storage, "runway-results", "other").write(first, json("{\"secret\":true}"));
        storage.create(BlobInfo.newBuilder("runway-results", "prod/results/secret.json").build(),
                "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(store.read("gs://runway-results/other/" + run + "/1.json")).isEmpty();
        assertThat(store.read("gs://runway-results/prod/results/secret.json")).isEmpty();
        assertThat(store.read("gs://runway-results/prod/results/" + run + "/../secret.json")).isEmpty();
        assertThat(store.read("gs://runway-results/prod/results/" + UUID.randomUUID() + "/1.json"))
                .as("never written").isEmpty();
        assertThat(store.read("not a reference")).isEmpty();
    }

    @Test
    void anEmptyPrefixKeepsResultsAtTheBucketsRoot() throws IOException {
        ResultStore root = new GcsResultStore(storage, "runway-results", "");

        String ref = root.write(new FlowRunResult(run, 3), json("[1]"));
        String cached = root.write(new CacheEntry("daily"), json("[2]"));

        assertThat(ref).isEqualTo("gs://runway-results/" + run + "/3.json");
        assertThat(cached).isEqualTo("gs://runway-results/cache/daily.json");
        assertThat(root.isRefOf(ref, new FlowRunResult(run, 3))).isTrue();
        assertThat(root.isRefOf(cached, new CacheEntry("daily"))).isTrue();
        try (InputStream in = root.read(ref).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo("[1]".getBytes(StandardCharsets.UTF_8));
        }
    }

    private String text(String ref) throws IOException {
        try (InputStream in = store.read(ref).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ResultStore.Content json(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }
}
