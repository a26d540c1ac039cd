package dev.runway.controlplane.pools;

/** A warm runner of {@code pool} is waiting for a run: runs that waited for one can be launched now. */
public record WarmRunnerFree(String pool) {
}
