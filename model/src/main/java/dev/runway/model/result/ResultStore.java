package dev.runway.model.result;

import java.util.Optional;
import java.util.UUID;

/**
 * Where a run's result lives. The runner writes it, the control plane reads it back by reference.
 * Adapters: a local folder ({@link LocalFolderResultStore}), a GCS bucket.
 */
public interface ResultStore {

    /** Stores the JSON result of a run and returns the reference to record in its COMPLETED state. */
    String write(UUID flowRunId, byte[] json);

    /** Reads a result back; empty when the reference points nowhere (deleted, or another store's). */
    Optional<byte[]> read(String resultRef);
}
