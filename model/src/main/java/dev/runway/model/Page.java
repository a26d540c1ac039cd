package dev.runway.model;

import java.util.List;

/**
 * One page of a listing; {@code total} counts every match, not just this page. The next page starts at
 * {@code offset + items.size()} while that is below {@code total}.
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {
}
