package dev.runway.model.result;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a run's result lives. The runner writes it, the control plane reads it back by reference.
 * Adapters: a local folder ({@link LocalFolderResultStore}), a GCS bucket.
 *
 * <p>Results are kept per attempt, so a runner of an attempt that lost its run can never overwrite the
 * result of the attempt that won it.
 */
public interface ResultStore {

    /** Stores the JSON result of one attempt of a run and returns the reference to record in its COMPLETED state. */
    String write(UUID runId, int attempt, byte[] json);

    /** Reads a result back; empty when the reference points nowhere (deleted, or another store's). */
    Optional<byte[]> read(String resultRef);

    /** Whether {@code resultRef} is where {@link #write} puts the result of this run's attempt, and nowhere else. */
    boolean isResultOf(String resultRef, UUID runId, int attempt);
}
