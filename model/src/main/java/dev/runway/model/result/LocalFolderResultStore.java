package dev.runway.model.result;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/** Results as files {@code <folder>/<run id>.json}, referenced by {@code file:} URIs. */
public final class LocalFolderResultStore implements ResultStore {

    private final Path folder;

    public LocalFolderResultStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    @Override
    public String write(UUID flowRunId, byte[] json) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(flowRunId + ".json");
            // Written aside and moved, so a reader never sees half a result.
            Path partial = Files.createTempFile(folder, flowRunId.toString(), ".partial");
            Files.write(partial, json);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write result of flow run " + flowRunId + " to " + folder, e);
        }
    }

    @Override
    public Optional<byte[]> read(String resultRef) {
        if (resultRef == null || !resultRef.startsWith("file:")) {
            return Optional.empty();
        }
        Path path = Path.of(URI.create(resultRef)).normalize();
        if (!path.startsWith(folder) || !Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read result " + resultRef, e);
        }
    }
}
