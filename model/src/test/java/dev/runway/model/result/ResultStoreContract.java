package dev.runway.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.result.ResultKey.CacheEntry;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultKey.TaskRunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ResultStore} does with every kind of {@link ResultKey}, whatever keeps its bytes. Each adapter's
 * test extends it: {@code LocalFolderResultStoreTest} here, {@code GcsResultStoreTest} (Google's in-memory Storage) and
 * {@code GcsOverHttpTest} (the real client over HTTP) in {@code gcs-results}.
 */
public abstract class ResultStoreContract {

    private final UUID run = UUID.randomUUID();

    /** The store under test, the same one throughout a test. */
    protected abstract ResultStore store();

    /** What lies at {@code path} below the store's root, looked at past the store; empty when nothing does. */
    protected abstract Optional<String> storedAt(String path);

    /** Puts something at {@code path} below the store's root past the store, as anything else with access might. */
    protected abstract void putAt(String path, String content);

    /** A reference to {@code path} below the store's root, spelled as this store spells its references. */
    protected abstract String refTo(String path);

    @Test
    void storesEachKindOfKeyAtThePathItGivesAndReadsItBack() {
        FlowRunResult attempt = new FlowRunResult(run, 2);
        List<ResultKey> keys = List.of(attempt, new TaskRunResult(attempt, "extract"), new CacheEntry("daily-totals"));

        for (ResultKey key : keys) {
            String ref = store().write(key, json(content(key)));

            assertThat(ref).as(key.toString()).endsWith("/" + key.path()).isEqualTo(refTo(key.path()));
            assertThat(storedAt(key.path())).as(key.toString()).hasValue(content(key));
            assertThat(read(ref)).isEqualTo(content(key));
        }
        assertThat(storedAt(run + "/2.json")).as("a flow run's result, where it always was").isPresent();
        assertThat(storedAt(run + "/2/tasks/extract.json")).isPresent();
        assertThat(storedAt("cache/daily-totals.json")).isPresent();
    }

    @Test
    void aReferenceBelongsOnlyToTheKeyThatWroteIt() {
        FlowRunResult first = new FlowRunResult(run, 1);
        FlowRunResult second = new FlowRunResult(run, 2);
        List<ResultKey> keys = List.of(first, second, new FlowRunResult(UUID.randomUUID(), 1),
                new TaskRunResult(first, "load"), new TaskRunResult(second, "load"), new TaskRunResult(first, "Load"),
                new CacheEntry("load"), new CacheEntry("LOAD"));
        List<String> refs = keys.stream().map(key -> store().write(key, json(content(key)))).toList();

        assertThat(refs.stream().map(ref -> ref.toLowerCase(Locale.ROOT))).doesNotHaveDuplicates();
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < keys.size(); j++) {
                assertThat(store().isRefOf(refs.get(i), keys.get(j))).as(refs.get(i) + " of " + keys.get(j))
                        .isEqualTo(i == j);
            }
            assertThat(read(refs.get(i))).isEqualTo(content(keys.get(i)));
        }
        assertThat(store().isRefOf(null, first)).isFalse();
        assertThat(store().isRefOf("not a reference", first)).isFalse();
    }

    @Test
    void keysThatLookLikePathsStayInTheirFolderAndApart() {
        FlowRunResult attempt = new FlowRunResult(run, 1);
        List<ResultKey> keys = new ArrayList<>();
        for (String key : ResultKeyTest.TRICKY_KEYS) {
            keys.add(new TaskRunResult(attempt, key));
            keys.add(new CacheEntry(key));
        }

        List<String> refs = keys.stream().map(key -> store().write(key, json(content(key)))).toList();

        assertThat(refs).doesNotHaveDuplicates();
        for (int i = 0; i < keys.size(); i++) {
            ResultKey key = keys.get(i);
            assertThat(refs.get(i)).as(key.toString()).isEqualTo(refTo(key.path()));
            assertThat(storedAt(key.path())).as(key.toString()).hasValue(content(key));
            assertThat(read(refs.get(i))).as(key.toString()).isEqualTo(content(key));
        }
        assertThat(storedAt("secret.json")).isEmpty();
        assertThat(storedAt("../secret.json")).isEmpty();
    }

    @Test
    void readsNothingButWhereKeysAreWritten() {
        List<String> strays = List.of("secret.json", "cache/Notes.json", "cache/notes.json.bak", "cache/a.b.json",
                run + "/1/tasks/x.json.partial", run + "/1/secret.json", "writing-1.partial");
        strays.forEach(path -> putAt(path, "{\"secret\":true}"));

        assertThat(strays).allSatisfy(path -> assertThat(store().read(refTo(path))).as(path).isEmpty());
        assertThat(store().read(refTo("cache/../secret.json"))).isEmpty();
        assertThat(store().read(refTo(run + "/1/tasks/../../../secret.json"))).isEmpty();
        assertThat(store().read(refTo(new CacheEntry("never written").path()))).isEmpty();
        assertThat(store().read(null)).isEmpty();
    }

    @Test
    void aLaterWriteReplacesWhatAKeyHeld() {
        CacheEntry entry = new CacheEntry("latest");

        String before = store().write(entry, json("1"));
        String after = store().write(entry, json("2"));

        assertThat(after).isEqualTo(before);
        assertThat(read(after)).isEqualTo("2");
    }

    @Test
    void storesNothingForAnyKeyWhenTheContentFails() {
        FlowRunResult attempt = new FlowRunResult(run, 1);
        for (ResultKey key : List.of(attempt, new TaskRunResult(attempt, "t"), new CacheEntry("c"))) {
            assertThatThrownBy(() -> store().write(key, out -> {
                out.write("{\"half\":".getBytes(StandardCharsets.UTF_8));
                throw new IllegalStateException("too large");
            })).hasMessage("too large");

            assertThat(storedAt(key.path())).as(key.toString()).isEmpty();
        }
    }

    /** Each key's own JSON: its path as a string. */
    private static String content(ResultKey key) {
        return "\"" + key.path() + "\"";
    }

    private static ResultStore.Content json(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private String read(String ref) {
        try (InputStream in = store().read(ref).orElseThrow(() -> new AssertionError("nothing to read at " + ref))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
