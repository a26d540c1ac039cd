package dev.runway.model.result;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Where results live: a flow run's, and (to come) its task runs' and cache entries, each addressed by a
 * {@link ResultKey} that gives its place in the store. The runner writes them, the control plane reads them back by
 * reference. Adapters are chosen by the scheme of a store URI through {@link ResultStores}: a local folder
 * ({@code file:}), a GCS bucket ({@code gs:}, module {@code gcs-results}).
 *
 * <p>A reference is a URI whose scheme names its store and whose path ends in the key's {@link ResultKey#path()}.
 * Results are streamed both ways: a result may be megabytes, and neither side should hold it whole when a store can
 * take or give it piece by piece. There is no delete yet: results outlive the runs that retention deletes.
 */
public interface ResultStore {

    /**
     * Stores the JSON of {@code key}, replacing what it held, and returns its reference (for a flow run's result, the
     * one to record in its COMPLETED state). Nothing is stored when {@code content} throws: a reader never sees half
     * a result. An {@link IOException} of the content or the store comes out as an
     * {@link java.io.UncheckedIOException}; an unchecked exception of the content comes out as it is.
     */
    String write(ResultKey key, Content content);

    /**
     * Opens what a reference points to, to read; empty when it points nowhere: deleted, another store's, or not where
     * any key is written. The caller closes it.
     */
    Optional<InputStream> read(String ref);

    /** Whether {@code ref} is where {@link #write} puts {@code key}'s JSON, and nowhere else. */
    boolean isRefOf(String ref, ResultKey key);

    /**
     * Writes a result's JSON to the stream the store gives. Closing that stream stores nothing by itself (JSON
     * writers close what they write to): the result is stored only when {@code writeTo} returns.
     */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
