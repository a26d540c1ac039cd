package dev.runway.model;

/**
 * A work pool's concurrency limit alone ({@code PUT /api/work-pools/{name}/concurrency-limit}): set without
 * reading and writing back the pool's other settings, so a change made to them meanwhile is kept.
 *
 * @param concurrencyLimit the most runs of the pool launched at once; required (removing the limit is a DELETE)
 */
public record WorkPoolLimit(Integer concurrencyLimit) {
}
