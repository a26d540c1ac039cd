package dev.runway.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.runway.model.result.ResultKey;
import dev.runway.model.result.ResultStore;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.Optional;

/**
 * Results as objects {@code <prefix>/<key path>} (see {@link ResultKey}) of one bucket, content type
 * {@code application/json}, referenced as {@code gs://bucket/<prefix>/<key path>}. Both ways go through the client's
 * channels: a resumable upload sent in {@link #CHUNK_BYTES} pieces, and a ranged reader, so neither side holds a
 * result whole.
 */
public final class GcsResultStore implements ResultStore {

    /** Upload piece (a multiple of 256 KiB, as GCS requires): what the writer holds before sending. */
    static final int CHUNK_BYTES = 2 * 1024 * 1024;

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
    public String write(ResultKey key, Content content) {
        BlobInfo blob = BlobInfo.newBuilder(BlobId.of(bucket, prefix + key.path()))
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
            throw new UncheckedIOException("cannot write " + key + " to " + location(), e);
        }
        return reference(key);
    }

    @Override
    public Optional<InputStream> read(String ref) {
        Optional<String> name = objectName(ref);
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
    public boolean isRefOf(String ref, ResultKey key) {
        return reference(key).equals(ref);
    }

    private String reference(ResultKey key) {
        return location() + key.path();
    }

    private String location() {
        return "gs://" + bucket + "/" + prefix;
    }

    /** The object a reference names when some key is written there: taken as it is, nothing decoded, no {@code ..}. */
    private Optional<String> objectName(String ref) {
        if (ref == null || !ref.startsWith(location()) || !ResultKey.isPath(ref.substring(location().length()))) {
            return Optional.empty();
        }
        return Optional.of(prefix + ref.substring(location().length()));
    }
}
