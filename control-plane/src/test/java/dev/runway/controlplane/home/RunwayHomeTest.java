package dev.runway.controlplane.home;

import static dev.runway.controlplane.home.PrivateFilesTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.controlplane.config.RunwayProperties;
import dev.runway.controlplane.config.RunwaySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunwayHomeTest {

    @TempDir
    Path folder;

    @Test
    void aNewHomeAndTheFoldersTheControlPlaneWritesAreTheOwnersAlone() throws IOException {
        Path home = folder.resolve("new/.runway");

        new RunwayHome(properties(home));

        assertThat(permissions(home)).isEqualTo("rwx------");
        assertThat(permissions(home.resolve("runs"))).isEqualTo("rwx------");
        assertThat(permissions(home.resolve("results"))).isEqualTo("rwx------");
    }

    @Test
    void resultsKeptElsewhereGetNoFolderInTheHomeAndAnotherLocalFolderIsPrivateToo() throws IOException {
        Path inBucket = folder.resolve("bucket/.runway");
        Path inFolder = folder.resolve("folder/.runway");
        Path elsewhere = folder.resolve("results-elsewhere");

        new RunwayHome(RunwaySettings.bind(inBucket, Map.of("runway.results.store", "gs://runway-results/prod")));
        new RunwayHome(RunwaySettings.bind(inFolder, Map.of("runway.results.store", elsewhere.toUri().toString())));

        assertThat(inBucket.resolve("runs")).isDirectory();
        assertThat(inBucket.resolve("results")).doesNotExist();
        assertThat(inFolder.resolve("results")).doesNotExist();
        assertThat(permissions(elsewhere)).isEqualTo("rwx------");
    }

    @Test
    void aHomeAnOlderVersionLeftOpenIsClosedBeforeUseAndWhatItHoldsOnceStarted() throws IOException {
        Path home = Files.createDirectories(folder.resolve(".runway"));
        Path database = Files.createDirectories(home.resolve("db"));
        Path data = Files.writeString(database.resolve("runway.mv.db"), "rows");
        Path log = Files.writeString(Files.createDirectories(home.resolve("runs")).resolve("run-1.log"), "lines");
        for (Path folder : new Path[] {home, database, home.resolve("runs")}) {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        RunwayHome opened = new RunwayHome(properties(home));

        assertThat(permissions(home)).isEqualTo("rwx------");
        assertThat(permissions(data)).isEqualTo("rw-------");
        opened.closeWhatStartingCreated();
        assertThat(permissions(database)).isEqualTo("rwx------");
        assertThat(permissions(log)).isEqualTo("rw-------");
    }

    @Test
    void whatTheDatabaseCreatesWhileANewHomeStartsIsClosedOnceStarted() throws IOException {
        Path home = folder.resolve(".runway");
        RunwayHome started = new RunwayHome(properties(home));
        Path database = Files.createDirectories(home.resolve("db"));
        Path data = Files.writeString(database.resolve("runway.mv.db"), "rows");

        started.closeWhatStartingCreated();

        assertThat(permissions(database)).isEqualTo("rwx------");
        assertThat(permissions(data)).isEqualTo("rw-------");
    }

    private static RunwayProperties properties(Path home) {
        return RunwaySettings.bind(home, Map.of());
    }
}
