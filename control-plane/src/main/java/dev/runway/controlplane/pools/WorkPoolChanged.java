package dev.runway.controlplane.pools;

/** A pool's settings changed (resumed, limit raised …): its waiting runs may launch now. */
public record WorkPoolChanged(String pool) {
}
