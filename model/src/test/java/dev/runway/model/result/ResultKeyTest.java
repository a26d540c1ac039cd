package dev.runway.model.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.result.ResultKey.CacheEntry;
import dev.runway.model.result.ResultKey.FlowRunResult;
import dev.runway.model.result.ResultKey.TaskRunResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ResultKeyTest {

    /** Keys that look like paths, escapes or each other, and long ones. */
    static final List<String> TRICKY_KEYS = List.of(".", "..", "...", "../../secret", "/etc/passwd", "a/b", "a\\b",
            "%2e%2e", "%2E%2E", "%2F", "~2E~2E", "a~2Fb", "a%2Fb", "Key", "key", "KEY", "a b", "a+b", "naïve", "naı̈ve",
            "データ", "\u0000", ".hidden", "x.json", "a".repeat(128), "a".repeat(129), "a".repeat(10_000),
            "a".repeat(10_000) + "b", "B".repeat(300), "b".repeat(300));

    private static final UUID RUN = UUID.fromString("0b7c1d6e-2f3a-4b5c-8d9e-0f1a2b3c4d5e");

    @Test
    void eachKindOfKeyHasItsPlaceAndFlowRunResultsKeepTheirLayout() {
        FlowRunResult attempt = new FlowRunResult(RUN, 3);

        assertThat(attempt.path()).isEqualTo(RUN + "/3.json");
        assertThat(new TaskRunResult(attempt, "extract-rows_2").path()).isEqualTo(RUN + "/3/tasks/extract-rows_2.json");
        assertThat(new CacheEntry("daily-totals").path()).isEqualTo("cache/daily-totals.json");
    }

    @Test
    void writesEveryCharacterThatCouldMeanSomethingInAPathAsAnEscape() {
        assertThat(cacheName("a/b")).isEqualTo("a~2Fb");
        assertThat(cacheName("a\\b")).isEqualTo("a~5Cb");
        assertThat(cacheName("..")).isEqualTo("~2E~2E");
        assertThat(cacheName("%2e")).isEqualTo("~252e");
        assertThat(cacheName("~2F")).isEqualTo("~7E2~46");
        assertThat(cacheName("Key")).as("uppercase, for file systems that ignore case").isEqualTo("~4Bey");
        assertThat(cacheName("naïve")).isEqualTo("na~C3~AFve");
        assertThat(cacheName("a b")).isEqualTo("a~20b");
    }

    @Test
    void noTwoKeysShareANameNotEvenWhereCaseIsIgnored() {
        List<String> names = TRICKY_KEYS.stream().map(key -> cacheName(key).toLowerCase(Locale.ROOT)).toList();

        assertThat(names).doesNotHaveDuplicates();
    }

    @Test
    void noKeyLeavesItsFolder() {
        Path store = Path.of("/store");
        FlowRunResult attempt = new FlowRunResult(RUN, 1);
        for (String key : TRICKY_KEYS) {
            assertThat(store.resolve(new CacheEntry(key).path()).normalize().getParent()).as(key)
                    .isEqualTo(store.resolve("cache"));
            assertThat(store.resolve(new TaskRunResult(attempt, key).path()).normalize().getParent()).as(key)
                    .isEqualTo(store.resolve(RUN + "/1/tasks"));
        }
    }

    @Test
    void aLongKeyKeepsItsStartAndIsToldApartByItsHash() {
        String name = cacheName("a".repeat(10_000));

        assertThat(cacheName("a".repeat(128))).as("as long as is kept whole").isEqualTo("a".repeat(128));
        assertThat(name).hasSize(60 + 2 + 64).startsWith("a".repeat(60) + "~~").matches(".*~~[0-9a-f]{64}");
        assertThat(cacheName("a".repeat(10_000) + "b")).as("differs only at the end").isNotEqualTo(name)
                .startsWith("a".repeat(60) + "~~");
        assertThat(cacheName("ä".repeat(22))).as("22 characters, 132 once escaped").hasSize(126);
    }

    @Test
    void aLongNameIsNeverCutHalfWayThroughAnEscape() {
        String tail = "a".repeat(200);

        assertThat(cacheName("a".repeat(57) + "/" + tail)).startsWith("a".repeat(57) + "~2F~~");
        assertThat(cacheName("a".repeat(58) + "/" + tail)).startsWith("a".repeat(58) + "~~");
        assertThat(cacheName("a".repeat(59) + "/" + tail)).startsWith("a".repeat(59) + "~~");
    }

    @Test
    void refusesKeysWithoutAName() {
        FlowRunResult attempt = new FlowRunResult(RUN, 1);

        assertThatThrownBy(() -> new CacheEntry("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cache key must not be empty");
        assertThatThrownBy(() -> new TaskRunResult(attempt, "")).hasMessage("a task key must not be empty");
        assertThatThrownBy(() -> new CacheEntry(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("a cache key is required");
        assertThatThrownBy(() -> new CacheEntry("a\uD800")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cache key must be Unicode text, not 2 chars holding a lone surrogate");
        assertThatThrownBy(() -> new FlowRunResult(RUN, 0)).hasMessage("attempts count from 1, got 0");
    }

    @Test
    void knowsThePathsKeysGiveAndNoOthers() {
        FlowRunResult attempt = new FlowRunResult(RUN, Integer.MAX_VALUE);
        assertThat(ResultKey.isPath(attempt.path())).isTrue();
        for (String key : TRICKY_KEYS) {
            assertThat(ResultKey.isPath(new CacheEntry(key).path())).as(key).isTrue();
            assertThat(ResultKey.isPath(new TaskRunResult(attempt, key).path())).as(key).isTrue();
        }

        assertThat(List.of("", "secret.json", "../secret.json", "cache/../secret.json", "cache/.json", "cache/a.b.json",
                "cache/Key.json", "cache/a%2Fb.json", "cache/a~2fb.json", "cache/a/b.json", "cache/a.json/x",
                "/" + RUN + "/1.json", RUN + "/0.json", RUN + "/01.json", RUN + "/2147483648.json",
                RUN.toString().toUpperCase(Locale.ROOT) + "/1.json", RUN + "/1/tasks/.json", RUN + "/1/tasks/../../x.json",
                RUN + "/1/task/x.json", "writing-1234.partial"))
                .allSatisfy(path -> assertThat(ResultKey.isPath(path)).as(path).isFalse());
    }

    @Test
    void saysWhatItIsInMessages() {
        FlowRunResult attempt = new FlowRunResult(RUN, 2);

        assertThat(attempt).hasToString("the result of flow run " + RUN + " attempt 2");
        assertThat(new TaskRunResult(attempt, "load")).hasToString("the result of task load in flow run " + RUN
                + " attempt 2");
        assertThat(new CacheEntry("daily")).hasToString("the cache entry daily");
    }

    private static String cacheName(String key) {
        String path = new CacheEntry(key).path();
        return path.substring("cache/".length(), path.length() - ".json".length());
    }
}
