package dev.runway.model.result;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link ResultStore} keeps, by what it is. Each key gives its place below a store's root in one place,
 * {@link #path()}, so every store lays out the same way:
 * <pre>
 * &lt;run id&gt;/&lt;attempt&gt;.json                     the result of one attempt of a flow run
 * &lt;run id&gt;/&lt;attempt&gt;/tasks/&lt;task key&gt;.json    the result of a task run in that attempt
 * cache/&lt;cache key&gt;.json                        a cache entry, shared by the runs that compute the same key
 * </pre>
 * Task and cache keys may be any text: they are written as file names by {@link ResultNames}'s rule, which keeps each
 * in its folder and apart from every other key.
 */
public sealed interface ResultKey {

    /** Where below a store's root this key's JSON lives: {@code /}-separated, ending in {@code .json}. */
    String path();

    /**
     * Whether {@code path} is one that some key gives. A store reads nothing else, so no reference reaches a file or
     * object it did not write as a result.
     */
    static boolean isPath(String path) {
        Matcher matcher = ResultNames.PATH.matcher(path);
        return matcher.matches() && (matcher.group(1) == null || Long.parseLong(matcher.group(1)) <= Integer.MAX_VALUE);
    }

    /** The result of one attempt of a flow run: kept per attempt, so a stale attempt never overwrites the winner's. */
    record FlowRunResult(UUID runId, int attempt) implements ResultKey {

        public FlowRunResult {
            Objects.requireNonNull(runId, "runId");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1, got " + attempt);
            }
        }

        @Override
        public String path() {
            return runId + "/" + attempt + ".json";
        }

        @Override
        public String toString() {
            return "the result of flow run " + runId + " attempt " + attempt;
        }
    }

    /** The result of the task run {@code taskKey} in one attempt of a flow run. */
    record TaskRunResult(FlowRunResult flowRun, String taskKey) implements ResultKey {

        public TaskRunResult {
            Objects.requireNonNull(flowRun, "flowRun");
            ResultNames.check(taskKey, "task key");
        }

        @Override
        public String path() {
            return flowRun.runId() + "/" + flowRun.attempt() + "/tasks/" + ResultNames.name(taskKey) + ".json";
        }

        @Override
        public String toString() {
            return "the result of task " + taskKey + " in flow run " + flowRun.runId()
                    + " attempt " + flowRun.attempt();
        }
    }

    /** A cached value, found again by the key that computed it, whichever run asks. */
    record CacheEntry(String cacheKey) implements ResultKey {

        public CacheEntry {
            ResultNames.check(cacheKey, "cache key");
        }

        @Override
        public String path() {
            return "cache/" + ResultNames.name(cacheKey) + ".json";
        }

        @Override
        public String toString() {
            return "the cache entry " + cacheKey;
        }
    }
}
