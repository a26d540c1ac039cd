package dev.runway.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files at the repository's root, read by the tests that check what ships the CLI and calls it. */
final class RepositoryFiles {

    private RepositoryFiles() {
    }

    /** Surefire runs a module's tests in the module's folder, one below the root. */
    static Path at(String path) {
        Path file = Path.of("").toAbsolutePath().getParent().resolve(path);
        if (!Files.exists(file)) {
            throw new IllegalStateException("no " + path + " at the repository's root " + file.getParent());
        }
        return file;
    }
}
