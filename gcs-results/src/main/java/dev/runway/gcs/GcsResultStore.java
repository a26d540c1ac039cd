package dev.runway.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.runway.model.result.ResultStore;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Results as objects {@code <prefix>/<run id>/<attempt>.json} of one bucket, content type {@code application/json},
 * referenced as {@code gs://bucket/<prefix>/<run id>/<attempt>.json}. Both ways go through the client's channels:
 * a resumable upload sent in {@link #CHUNK_BYTES} pieces, and a ranged reader, so neither side holds a result whole.
 */
public final class GcsResultStore implements ResultStore {

    /** Upload piece (a multiple of 256 KiB, as GCS requires): what the writer holds before sending. */
    static final int CHUNK_BYTES = 2 * 1024 * 1024;

    private static final Pattern OBJECT = Pattern.compile(
            "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/([1-9][0-9]{0,9})\\.json");

    private final Storage storage;
    private final String bucket;
    private final String prefix;

    /** @param prefix path segments without leading or trailing slash; empty for the bucket's root */
    public GcsResultStore(Storage storage, String bucket, String prefix) {
        this.storage = storage;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    @Override
    public String write(UUID runId, int attempt, Content content) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts count from 1, got " + attempt);
        }
        BlobInfo blob = BlobInfo.newBuilder(BlobId.of(bucket, objectName(runId, attempt)))
                .setContentType("application/json").build();
        try {
            WriteChannel channel = storage.writer(blob);
            channel.setChunkSize(CHUNK_BYTES);
            OutputStream upload = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            // Only a finished upload makes an object: when the content throws, the upload is left unfinished and
            // nothing is stored. So the content must not finish it by closing the stream (Jackson closes it).
            content.writeTo(new FilterOutputStream(upload) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            });
            upload.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result of flow run " + runId + " attempt " + attempt
                    + " to " + location(), e);
        }
        return reference(runId, attempt);
    }

    @Override
    public Optional<InputStream> read(String resultRef) {
        Optional<String> name = objectName(resultRef);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Blob blob = storage.get(BlobId.of(bucket, name.get()));
        if (blob == null) {
            return Optional.empty();
        }
        // The reader reads the generation just looked up, so a result replaced meanwhile is never read mixed.
        ReadChannel reader = blob.reader();
        return Optional.of(Channels.newInputStream(reader));
    }

    @Override
    public boolean isResultOf(String resultRef, UUID runId, int attempt) {
        return attempt >= 1 && reference(runId, attempt).equals(resultRef);
    }

    private String objectName(UUID runId, int attempt) {
        return prefix + runId + "/" + attempt + ".json";
    }

    private String reference(UUID runId, int attempt) {
        return "gs://" + bucket + "/" + objectName(runId, attempt);
    }

    private String location() {
        return "gs://" + bucket + "/" + prefix;
    }

    /** The object a reference names when it is one this store writes, exactly as it writes it. */
    private Optional<String> objectName(String resultRef) {
        if (resultRef == null || !resultRef.startsWith(location())) {
            return Optional.empty();
        }
        Matcher object = OBJECT.matcher(resultRef.substring(location().length()));
        if (!object.matches()) {
            return Optional.empty();
        }
        UUID runId = UUID.fromString(object.group(1));
        long attempt = Long.parseLong(object.group(2));
        return attempt <= Integer.MAX_VALUE && isResultOf(resultRef, runId, (int) attempt)
                ? Optional.of(objectName(runId, (int) attempt)) : Optional.empty();
    }
}
