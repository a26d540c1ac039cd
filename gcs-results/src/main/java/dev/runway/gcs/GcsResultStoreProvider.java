package dev.runway.gcs;

import dev.runway.model.result.ResultStore;
import dev.runway.model.result.ResultStoreProvider;
import java.net.URI;

/**
 * {@code gs://bucket/prefix}: a {@link GcsResultStore}. This class names no Google type, so finding it (every
 * runner does, at start) loads none of the client library; only opening a {@code gs:} store does.
 */
public final class GcsResultStoreProvider implements ResultStoreProvider {

    @Override
    public String scheme() {
        return "gs";
    }

    @Override
    public String form() {
        return GcsLocation.FORM;
    }

    @Override
    public ResultStore open(URI location) {
        return GcsClients.open(GcsLocation.parse(location), System.getenv("STORAGE_EMULATOR_HOST"));
    }
}
