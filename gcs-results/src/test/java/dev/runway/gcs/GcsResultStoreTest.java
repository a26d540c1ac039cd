package dev.runway.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.contrib.nio.testing.LocalStorageHelper;
import dev.runway.model.result.ResultStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The adapter against Google's in-memory Storage. */
class GcsResultStoreTest {

    private final Storage storage = LocalStorageHelper.getOptions().getService();
    private final ResultStore store = new GcsResultStore(storage, "runway-results", "prod/results");
    private final UUID run = UUID.randomUUID();

    @Test
    void writesEachAttemptAsAJsonObjectUnderItsRunAndReadsItBack() throws IOException {
        String winner = store.write(run, 2, json("{\"by\":\"attempt 2\"}"));
        String stale = store.write(run, 1, json("{\"by\":\"attempt 1\"}"));

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

        String ref = store.write(run, 1, out -> {
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
        assertThatThrownBy(() -> store.write(run, 1, out -> {
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
        String mine = store.write(run, 1, json("{}"));
        UUID other = UUID.randomUUID();
        String others = store.write(other, 1, json("{}"));

        assertThat(store.isResultOf(mine, run, 1)).isTrue();
        assertThat(store.isResultOf(mine, run, 2)).as("another attempt").isFalse();
        assertThat(store.isResultOf(others, run, 1)).as("another run's result").isFalse();
        assertThat(store.isResultOf("gs://other-bucket/prod/results/" + run + "/1.json", run, 1)).isFalse();
        assertThat(store.isResultOf("gs://runway-results/test/results/" + run + "/1.json", run, 1)).isFalse();
        assertThat(store.isResultOf("gs://runway-results/prod/results/" + other + "/../" + run + "/1.json", run, 1))
                .as("a path through ..").isFalse();
        assertThat(store.isResultOf("gs://runway-results/prod/results/" + run + "/01.json", run, 1)).isFalse();
        assertThat(store.isResultOf("GS://runway-results/prod/results/" + run + "/1.json", run, 1)).isFalse();
        assertThat(store.isResultOf("file:///prod/results/" + run + "/1.json", run, 1)).isFalse();
        assertThat(store.isResultOf(null, run, 1)).isFalse();
    }

    @Test
    void readsNothingOutsideItsBucketAndPrefix() {
        store.write(run, 1, json("{}"));
        new GcsResultStore(storage, "runway-results", "other").write(run, 1, json("{\"secret\":true}"));
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

        String ref = root.write(run, 3, json("[1]"));

        assertThat(ref).isEqualTo("gs://runway-results/" + run + "/3.json");
        assertThat(root.isResultOf(ref, run, 3)).isTrue();
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
