package dev.runway.functions.etl;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** Stands in for a real source system: the same seed always yields the same rows, so results can be checked. */
final class SalesSource {

    static final List<String> CATEGORIES = List.of("books", "games", "garden", "music", "tools");

    List<Sale> read(int rows, long seed) {
        Random random = new Random(seed);
        return IntStream.rangeClosed(1, rows)
                .mapToObj(id -> new Sale(id,
                        CATEGORIES.get(random.nextInt(CATEGORIES.size())),
                        random.nextInt(7) - 1,
                        100 + random.nextInt(9_900)))
                .toList();
    }
}
