package dev.runway.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.result.ResultKey.CacheEntry;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultKey.TaskRunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFolderResultStoreTest extends ResultStoreContract {

    @TempDir
    Path home;

    private final UUID run = UUID.randomUUID();
    private final FlowRunResult first = new FlowRunResult(run, 1);

    @Override
    protected ResultStore store() {
        return new LocalFolderResultStore(folder());
    }

    @Override
    protected Optional<String> storedAt(String path) {
        Path file = folder().resolve(path).normalize();
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void putAt(String path, String content) {
        Path file = folder().resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String refTo(String path) {
        return folder().resolve(path).toUri().toString();
    }

    private Path folder() {
        return home.resolve("results");
    }

    @Test
    void keepsEachAttemptsResultApartSoAStaleAttemptCannotOverwriteTheWinners() throws IOException {
        ResultStore store = store();

        String winner = store.write(new FlowRunResult(run, 2), json("{\"by\":\"attempt 2\"}"));
        String stale = store.write(first, json("{\"by\":\"attempt 1\"}"));

        assertThat(winner).isNotEqualTo(stale);
        assertThat(text(store, winner)).isEqualTo("{\"by\":\"attempt 2\"}");
        assertThat(text(store, stale)).isEqualTo("{\"by\":\"attempt 1\"}");
        assertThat(Path.of(URI.create(winner))).isEqualTo(folder().resolve(run.toString()).resolve("2.json"));
    }

    @Test
    void onlyTheUserRunningRunwayCanReadOrListResults() throws IOException {
        store().write(first, json("{}"));
        store().write(new TaskRunResult(first, "extract"), json("{}"));
        store().write(new CacheEntry("daily"), json("{}"));

        for (String folder : new String[] {"", run.toString(), run + "/1", run + "/1/tasks", "cache"}) {
            assertThat(permissions(folder().resolve(folder))).as(folder).isEqualTo("rwx------");
        }
        for (String file : new String[] {run + "/1.json", run + "/1/tasks/extract.json", "cache/daily.json"}) {
            assertThat(permissions(folder().resolve(file))).as(file).isEqualTo("rw-------");
        }
        try (var left = Files.list(folder().resolve(run.toString()))) {
            assertThat(left).as("no partial file is left behind").hasSize(2);
        }
    }

    @Test
    void storesNothingWhenTheContentFailsHalfWay() throws IOException {
        assertThatThrownBy(() -> store().write(first, out -> {
            out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("too large");
        })).hasMessage("too large");

        assertThat(store().read(refTo(first.path()))).isEmpty();
        try (var left = Files.list(folder())) {
            assertThat(left).as("no partial file is left behind").isEmpty();
        }
    }

    @Test
    void writesNoFileOutsideItsKeysFoldersWhateverTheKeys() throws IOException {
        for (String key : ResultKeyTest.TRICKY_KEYS) {
            store().write(new TaskRunResult(first, key), json("{}"));
            store().write(new CacheEntry(key), json("{}"));
        }

        try (Stream<Path> files = Files.walk(home)) {
            assertThat(files.filter(Files::isRegularFile).map(Path::getParent))
                    .hasSize(2 * ResultKeyTest.TRICKY_KEYS.size())
                    .allSatisfy(parent -> assertThat(parent).isIn(folder().resolve("cache"),
                            folder().resolve(run + "/1/tasks")));
        }
    }

    @Test
    void aReferenceBelongsOnlyToTheRunAndAttemptThatWroteIt() throws IOException {
        String mine = store().write(first, json("{}"));
        UUID other = UUID.randomUUID();
        String others = store().write(new FlowRunResult(other, 1), json("{}"));
        Path outside = Files.writeString(home.resolve("secret.json"), "{}");

        assertThat(store().isRefOf(mine, first)).isTrue();
        assertThat(store().isRefOf(mine, new FlowRunResult(run, 2))).as("another attempt").isFalse();
        assertThat(store().isRefOf(others, first)).as("another run's result").isFalse();
        assertThat(store().isRefOf(outside.toUri().toString(), first)).as("a file outside the store").isFalse();
        assertThat(store().isRefOf(mine.replace("/1.json", "/../" + run + "/1.json"), first))
                .as("the same file through ..: normalised, so still its own").isTrue();
        assertThat(store().isRefOf(mine.replace(run + "/1.json", other + "/../../secret.json"), first)).isFalse();
        assertThat(store().isRefOf("gs://bucket/" + run + "/1.json", first)).isFalse();
    }

    @Test
    void readsNothingOutsideItsFolder() throws IOException {
        Path outside = Files.writeString(home.resolve("secret.json"), "{}");

        assertThat(store().read(outside.toUri().toString())).isEmpty();
        assertThat(store().read(home.resolve("results/../secret.json").toUri().toString())).isEmpty();
    }

    @Test
    void saysWhichKeyItCouldNotWrite() throws IOException {
        Files.writeString(folder(), "a file where the folder should be");

        assertThatThrownBy(() -> store().write(new CacheEntry("daily"), json("{}")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write the cache entry daily to " + folder());
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
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
