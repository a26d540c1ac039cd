package dev.runway.model;

/**
 * The image of a work pool's base job template alone ({@code PUT /api/work-pools/{name}/image}): set without reading
 * and writing back the pool's other settings, so a change made to them meanwhile is kept. CI sets it to the image
 * it just pushed.
 *
 * @param image a container image reference, e.g. {@code europe-docker.pkg.dev/acme/runway/runner:3f2c1ab}
 */
public record WorkPoolImage(String image) {
}
