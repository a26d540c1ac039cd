package dev.runway.model.result;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a run's result lives. The runner writes it, the control plane reads it back by reference. Adapters are
 * chosen by the scheme of a store URI through {@link ResultStores}: a local folder ({@code file:}), a GCS bucket
 * ({@code gs:}, module {@code gcs-results}).
 *
 * <p>Results are kept per attempt, so a runner of an attempt that lost its run can never overwrite the result of
 * the attempt that won it. They are streamed both ways: a result may be megabytes, and neither side should hold it
 * whole when a store can take or give it piece by piece. A reference is a URI whose scheme names its store.
 */
public interface ResultStore {

    /**
     * Stores the JSON result of one attempt of a run and returns the reference to record in its COMPLETED state.
     * Nothing is stored when {@code content} throws: a reader never sees half a result. An {@link IOException}
     * of the content or the store comes out as an {@link java.io.UncheckedIOException}; an unchecked exception of
     * the content comes out as it is.
     */
    String write(UUID runId, int attempt, Content content);

    /** Opens a result to read; empty when the reference points nowhere (deleted, or another store's). The caller closes it. */
    Optional<InputStream> read(String resultRef);

    /** Whether {@code resultRef} is where {@link #write} puts the result of this run's attempt, and nowhere else. */
    boolean isResultOf(String resultRef, UUID runId, int attempt);

    /**
     * Writes a result's JSON to the stream the store gives. Closing that stream stores nothing by itself (JSON
     * writers close what they write to): the result is stored only when {@code writeTo} returns.
     */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
