package dev.runway.model.result;

import java.net.URI;
import java.nio.file.Path;

/** {@code file:///absolute/folder/}: a {@link LocalFolderResultStore}. */
public final class LocalFolderResultStoreProvider implements ResultStoreProvider {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public String form() {
        return "file:///absolute/folder/";
    }

    @Override
    public ResultStore open(URI location) {
        if (location.getAuthority() != null || location.getPath() == null || !location.getPath().startsWith("/")
                || location.getQuery() != null || location.getFragment() != null) {
            throw new IllegalArgumentException("a local result store is a folder as " + form() + ", not " + location);
        }
        return new LocalFolderResultStore(Path.of(location));
    }
}
