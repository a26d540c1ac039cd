package dev.runway.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.net.URI;
import java.util.Optional;

/**
 * The Storage client a location needs. The endpoint is the store URI's {@code endpoint} parameter, else
 * {@code STORAGE_EMULATOR_HOST} (as Google's other client libraries read it), else Google's. Credentials are
 * Application Default Credentials, except for an emulator: {@code STORAGE_EMULATOR_HOST} or a plain {@code http:}
 * endpoint, where none are sent (credentials never travel unencrypted).
 */
final class GcsClients {

    /** Without credentials there is no project to look up; any id keeps the client from asking the metadata server. */
    private static final String EMULATOR_PROJECT = "runway-emulator";

    private GcsClients() {
    }

    static GcsResultStore open(GcsLocation location, String emulatorHost) {
        return new GcsResultStore(storage(location.endpoint(), Optional.ofNullable(emulatorHost).filter(h -> !h.isBlank()))
                .getService(), location.bucket(), location.prefix());
    }

    static StorageOptions storage(Optional<URI> endpoint, Optional<String> emulatorHost) {
        StorageOptions.Builder options = StorageOptions.http();
        Optional<String> host = endpoint.map(URI::toString)
                .or(() -> emulatorHost.map(h -> h.contains("://") ? h : "http://" + h));
        host.ifPresent(options::setHost);
        boolean emulator = endpoint.isEmpty() ? emulatorHost.isPresent() : "http".equals(endpoint.get().getScheme());
        if (emulator) {
            options.setCredentials(NoCredentials.getInstance()).setProjectId(EMULATOR_PROJECT);
        }
        return options.build();
    }
}
