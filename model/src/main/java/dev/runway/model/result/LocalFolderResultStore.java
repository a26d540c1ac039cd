package dev.runway.model.result;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Results as files {@code <folder>/<key path>} (see {@link ResultKey}), referenced by {@code file:} URIs. Folders are
 * created 0700 and files 0600 (where the file system has POSIX permissions): results may hold anything a flow
 * returns, and only the user running Runway should read them.
 */
public final class LocalFolderResultStore implements ResultStore {

    private final Path folder;
    private final boolean posix;

    public LocalFolderResultStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
        this.posix = this.folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String write(ResultKey key, Content content) {
        Path target = location(key);
        try {
            // Written aside and moved, so a reader never sees half a result, and a failed one leaves nothing.
            Files.createDirectories(folder, only("rwx------"));
            Path partial = Files.createTempFile(folder, "writing-", ".partial", only("rw-------"));
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
                    content.writeTo(out);
                }
                Files.createDirectories(target.getParent(), only("rwx------"));
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + key + " to " + folder, e);
        }
    }

    @Override
    public Optional<InputStream> read(String ref) {
        Optional<Path> path = path(ref).filter(p -> p.startsWith(folder) && isKeyPath(folder.relativize(p))
                && Files.isRegularFile(p));
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(path.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read result " + ref, e);
        }
    }

    @Override
    public boolean isRefOf(String ref, ResultKey key) {
        return path(ref).filter(location(key)::equals).isPresent();
    }

    private Path location(ResultKey key) {
        return folder.resolve(key.path());
    }

    private static boolean isKeyPath(Path relative) {
        StringJoiner path = new StringJoiner("/");
        relative.forEach(name -> path.add(name.toString()));
        return ResultKey.isPath(path.toString());
    }

    /** The file a {@code file:} reference names, normalised, so {@code ..} cannot lead out of the folder. */
    private static Optional<Path> path(String ref) {
        if (ref == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(ref);
            if (!"file".equals(uri.getScheme()) || uri.getAuthority() != null || uri.getPath() == null) {
                return Optional.empty();
            }
            return Optional.of(Path.of(uri).normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private FileAttribute<?>[] only(String permissions) {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
