package dev.runway.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderResultStoreTest {

    @TempDir
    Path home;

    private final UUID run = UUID.randomUUID();

    @Test
    void keepsEachAttemptsResultApartSoAStaleAttemptCannotOverwriteTheWinners() throws IOException {
        ResultStore store = new LocalFolderResultStore(home.resolve("results"));

        String winner = store.write(run, 2, json("{\"by\":\"attempt 2\"}"));
        String stale = store.write(run, 1, json("{\"by\":\"attempt 1\"}"));

        assertThat(winner).isNotEqualTo(stale);
        assertThat(text(store, winner)).isEqualTo("{\"by\":\"attempt 2\"}");
        assertThat(text(store, stale)).isEqualTo("{\"by\":\"attempt 1\"}");
        assertThat(Path.of(URI.create(winner))).isEqualTo(home.resolve("results").resolve(run.toString()).resolve("2.json"));
    }

    @Test
    void onlyTheUserRunningRunwayCanReadOrListResults() throws IOException {
        Path folder = home.resolve("results");
        new LocalFolderResultStore(folder).write(run, 1, json("{}"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(run.toString()))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(run + "/1.json"))))
                .isEqualTo("rw-------");
        try (var left = Files.list(folder.resolve(run.toString()))) {
            assertThat(left).as("no partial file is left behind").hasSize(1);
        }
    }

    @Test
    void storesNothingWhenTheContentFailsHalfWay() throws IOException {
        Path folder = home.resolve("results");
        ResultStore store = new LocalFolderResultStore(folder);

        assertThatThrownBy(() -> store.write(run, 1, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("too large");
        })).hasMessage("too large");

        assertThat(store.read(folder.resolve(run + "/1.json").toUri().toString())).isEmpty();
        try (var left = Files.list(folder)) {
            assertThat(left).as("no partial file is left behind").isEmpty();
        }
    }

    @Test
    void aReferenceBelongsOnlyToTheRunAndAttemptThatWroteIt() throws IOException {
        ResultStore store = new LocalFolderResultStore(home.resolve("results"));
        String mine = store.write(run, 1, json("{}"));
        UUID other = UUID.randomUUID();
        String others = store.write(other, 1, json("{}"));
        Path outside = Files.writeString(home.resolve("secret.json"), "{}");

        assertThat(store.isResultOf(mine, run, 1)).isTrue();
        assertThat(store.isResultOf(mine, run, 2)).as("another attempt").isFalse();
        assertThat(store.isResultOf(others, run, 1)).as("another run's result").isFalse();
        assertThat(store.isResultOf(outside.toUri().toString(), run, 1)).as("a file outside the store").isFalse();
        assertThat(store.isResultOf(mine.replace("/1.json", "/../" + run + "/1.json"), run, 1))
                .as("the same file through ..: normalised, so still its own").isTrue();
        assertThat(store.isResultOf(mine.replace(run + "/1.json", other + "/../../secret.json"), run, 1)).isFalse();
        assertThat(store.isResultOf("gs://bucket/" + run + "/1.json", run, 1)).isFalse();
        assertThat(store.isResultOf("not a uri", run, 1)).isFalse();
        assertThat(store.isResultOf(null, run, 1)).isFalse();
    }

    @Test
    void readsNothingOutsideItsFolder() throws IOException {
        ResultStore store = new LocalFolderResultStore(home.resolve("results"));
        Path outside = Files.writeString(home.resolve("secret.json"), "{}");

        assertThat(store.read(outside.toUri().toString())).isEmpty();
        assertThat(store.read(home.resolve("results/../secret.json").toUri().toString())).isEmpty();
    }

    private static ResultStore.Content json(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(ResultStore store, String ref) throws IOException {
        try (InputStream in = store.read(ref).orElseThrow()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
